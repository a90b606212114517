"""The page's look (CSS, light and dark) and its one script (clickable ``[n]`` citations).

Colours are custom properties set twice, for Gradio's light theme and for its ``.dark``
one; each text colour was chosen for at least 4.5:1 contrast (WCAG AA) on the background
it sits on, and ``tests/browser`` measures that on the rendered page.
"""
from __future__ import annotations

CSS = """
:root, .light {
  --cqa-text: #1f2937; --cqa-muted: #4b5563; --cqa-passage-bg: #f3f4f6; --cqa-rule: #9ca3af;
  --cqa-mark-bg: #fde68a; --cqa-mark-text: #1f2937; --cqa-flash: #fef3c7; --cqa-link: #1d4ed8;
  --cqa-table: #0b6e4f; --cqa-table-bg: #e3f6ee; --cqa-passage: #1d4ed8; --cqa-passage-route-bg: #e8efff;
  --cqa-llm: #6d28d9; --cqa-llm-bg: #f1eafe; --cqa-none: #374151; --cqa-none-bg: #f1f1f1;
  --cqa-refusal: #9a3412; --cqa-refusal-bg: #fff1e6;
}
.dark {
  --cqa-text: #e5e7eb; --cqa-muted: #cbd5e1; --cqa-passage-bg: #1f2937; --cqa-rule: #6b7280;
  --cqa-mark-bg: #854d0e; --cqa-mark-text: #fefce8; --cqa-flash: #713f12; --cqa-link: #93c5fd;
  --cqa-table: #6ee7b7; --cqa-table-bg: #064e3b; --cqa-passage: #bfdbfe; --cqa-passage-route-bg: #1e3a8a;
  --cqa-llm: #ddd6fe; --cqa-llm-bg: #4c1d95; --cqa-none: #e5e7eb; --cqa-none-bg: #374151;
  --cqa-refusal: #fed7aa; --cqa-refusal-bg: #7c2d12;
}
/* Gradio's own greys (labels, placeholders, footer) are lighter than AA allows; darken them. */
:root, .light { --body-text-color-subdued: #4b5563; --block-info-text-color: #4b5563;
  --block-label-text-color: #374151; --block-title-text-color: #1f2937; --input-placeholder-color: #6b7280; }
.dark { --body-text-color-subdued: #cbd5e1; --block-info-text-color: #cbd5e1;
  --block-label-text-color: #e5e7eb; --block-title-text-color: #f3f4f6; --input-placeholder-color: #9ca3af; }
/* The primary button and the selected tab in Gradio's orange are 2.8:1; one shade darker passes. */
:root, .light, .dark { --button-primary-background-fill: #c2410c; --button-primary-background-fill-hover: #9a3412;
  --button-primary-text-color: #ffffff; --button-primary-text-color-hover: #ffffff; }
.tab-container button.selected, .tab-wrapper button.selected { color: #c2410c !important; }
.dark .tab-container button.selected, .dark .tab-wrapper button.selected { color: #fdba74 !important; }
.cqa-title h1 { font-size: 1.5em; font-weight: 700; font-synthesis: none;
  font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Sans Pro", system-ui, sans-serif; margin: 0 0 2px 0; color: var(--cqa-text); }
.cqa-title p { margin: 0; color: var(--cqa-muted); }
.cqa-badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:0.8em;
  font-weight:600; border:1px solid currentColor; }
.cqa-route-table { color:var(--cqa-table); background:var(--cqa-table-bg); }
.cqa-route-passage { color:var(--cqa-passage); background:var(--cqa-passage-route-bg); }
.cqa-route-llm { color:var(--cqa-llm); background:var(--cqa-llm-bg); }
.cqa-route-none, .cqa-message { color:var(--cqa-none); background:var(--cqa-none-bg); }
.cqa-refusal { color:var(--cqa-refusal); background:var(--cqa-refusal-bg); }
.cqa-sources { font-size:0.92em; max-height:760px; overflow-y:auto; color:var(--cqa-text); }
.cqa-sources-head { font-weight:600; margin-bottom:6px; }
.cqa-sources-empty, .cqa-sources-note { color:var(--cqa-muted); }
.cqa-source-list { padding-left:0; list-style:none; margin:0; }
.cqa-source { margin-bottom:10px; border-radius:6px; transition: background-color 0.3s; }
.cqa-source.cqa-flash, .cqa-cite.cqa-flash { background:var(--cqa-flash); outline:2px solid var(--cqa-rule); }
.cqa-source-meta { color:var(--cqa-muted); font-size:0.88em; }
.cqa-num { font-weight:700; color:var(--cqa-text); }
.cqa-passage { margin:4px 0; padding:6px 10px; border-left:3px solid var(--cqa-rule);
  background:var(--cqa-passage-bg); color:var(--cqa-text); white-space:pre-line; }
.cqa-row { border-collapse:collapse; margin-top:4px; white-space:normal; font-size:0.95em; }
.cqa-row th, .cqa-row td { border:1px solid var(--cqa-rule); padding:2px 6px; text-align:left; vertical-align:top; }
.cqa-row th { color:var(--cqa-muted); font-weight:600; }
.cqa-passage mark { background:var(--cqa-mark-bg); color:var(--cqa-mark-text); padding:0 1px; }
a.cqa-cite { color:var(--cqa-link); text-decoration:underline; cursor:pointer; border-radius:3px; }
.cqa-facts th { text-align:left; padding-right:12px; white-space:nowrap; color:var(--cqa-muted); }
.cqa-cluster { color:var(--cqa-text); }
.cqa-doc-table { width:100%; border-collapse:collapse; color:var(--cqa-text); }
.cqa-doc-table th, .cqa-doc-table td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--cqa-rule); }
.cqa-add-text { margin:4px 0; color:var(--cqa-text); }
.cqa-progress { width:100%; height:14px; }
#cqa-add-state[data-state=error] .cqa-add-text { color:var(--cqa-refusal); }
#cqa-count { font-size:1.05em; }
.cqa-examples { flex-wrap: wrap; gap: 6px; }
.cqa-examples button { flex: 0 1 auto !important; min-width: 0 !important; }
/* Phone: every tab stays in the tab bar (Gradio would fold the rest behind "…"). */
@media (max-width: 640px) {
  .tab-wrapper, .tab-container { flex-wrap: wrap !important; height: auto !important; overflow: visible !important; }
  .tab-container button { padding: 6px 8px !important; font-size: 0.9em; }
  .overflow-menu { display: none !important; }
}
"""

# Wraps the [n] markers of answer bubbles in links; a click scrolls to and flashes the source
# (the sources panel for the latest answer, the bubble's own source line for older ones).
JS = r"""
() => {
  const CITE = /\[(\d{1,3})\]/g;
  const BOT = '#cqa-chat [data-testid="bot"]';
  const bubbles = () => [...document.querySelectorAll(BOT)];
  function link(bubble) {
    const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      CITE.lastIndex = 0;
      if (CITE.test(node.data) && !node.parentElement.closest('a.cqa-cite, button, textarea')) found.push(node);
    }
    for (const node of found) {
      const parts = document.createDocumentFragment();
      let last = 0;
      node.data.replace(CITE, (match, n, offset) => {
        parts.append(node.data.slice(last, offset));
        const a = document.createElement('a');
        a.href = '#cqa-source-' + n; a.className = 'cqa-cite'; a.dataset.n = n; a.textContent = match;
        a.title = '来源 Source ' + n;
        parts.append(a);
        last = offset + match.length;
      });
      parts.append(node.data.slice(last));
      node.replaceWith(parts);
    }
  }
  function flash(element) {
    element.scrollIntoView({block: 'center', behavior: 'instant'});
    element.classList.add('cqa-flash');
    setTimeout(() => element.classList.remove('cqa-flash'), 2500);
  }
  document.addEventListener('click', (event) => {
    const cite = event.target.closest && event.target.closest('a.cqa-cite');
    if (!cite) return;
    event.preventDefault(); event.stopPropagation();
    const all = bubbles(), mine = cite.closest(BOT);
    let target = null;
    if (mine && all[all.length - 1] === mine) target = document.getElementById('cqa-source-' + cite.dataset.n);
    if (!target && mine) {
      const lines = [...mine.querySelectorAll('a.cqa-cite')].filter(a => a.dataset.n === cite.dataset.n);
      target = lines[lines.length - 1];
    }
    if (target) flash(target);
  }, true);
  const observer = new MutationObserver(() => bubbles().forEach(link));
  const start = () => {
    const chat = document.querySelector('#cqa-chat');
    if (!chat) { setTimeout(start, 200); return; }
    observer.observe(chat, {childList: true, subtree: true, characterData: true});
    bubbles().forEach(link);
  };
  start();
}
"""
