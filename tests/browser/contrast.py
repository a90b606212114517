"""Measuring text contrast on a rendered page (WCAG 2.x), for the browser tests.

:data:`CONTRAST_WALK` is a script for ``page.evaluate``: it visits every visible text node
(and SVG text), takes its computed colour and the effective background behind it (the
element's and its ancestors' backgrounds composited, alpha included, over the page), and
returns the texts whose contrast ratio is below the threshold it is given.
"""

CONTRAST_WALK = r"""
(minimum) => {
  const parse = (value) => {
    const m = value && value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = parse(getComputedStyle(document.documentElement).backgroundColor);
  const root = page && page[3] > 0 ? page : (parse(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 1]);
  const base = root[3] < 1 ? over(root, [255, 255, 255, 1]) : root;
  const background = (element) => {
    const layers = [];
    for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let result = base;
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (Number(s.opacity) === 0 || s.display === 'none') return false;
    }
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.data.trim();
    const element = node.parentElement;
    if (!text || !element || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(element.tagName)) continue;
    if (element.closest('[disabled], [aria-disabled=true]') || !visible(element)) continue;
    const style = getComputedStyle(element);
    const svg = element.closest('svg');
    let color = parse(svg ? (style.fill !== 'none' ? style.fill : style.color) : style.color);
    if (!color) continue;
    const opacity = svg ? Number(style.fillOpacity || 1) * Number(style.opacity || 1) : 1;
    const behind = background(svg ? svg.parentElement : element);
    color = over([color[0], color[1], color[2], color[3] * opacity], behind);
    const value = ratio(color, behind);
    checked += 1;
    if (value < minimum) failures.push({text: text.slice(0, 60), ratio: Math.round(value * 100) / 100,
      color: color.slice(0, 3).map(Math.round).join(','), background: behind.slice(0, 3).map(Math.round).join(','),
      where: (element.id || '') + ' ' + element.tagName.toLowerCase() + '.' + String(element.className).slice(0, 40)});
  }
  return {checked, failures};
}
"""
