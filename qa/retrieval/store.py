"""Documents as JSON, and back: the index keeps the parsed structure, not just chunks."""
from __future__ import annotations

from qa.records import Block, Document, Table


def document_to_dict(document: Document) -> dict:
    return {
        "source": document.source,
        "sha256": document.sha256,
        "page_count": document.page_count,
        "blocks": [_block_to_dict(block) for block in document.blocks],
    }


def _block_to_dict(block: Block) -> dict:
    data = {"kind": block.kind, "text": block.text, "section": list(block.section),
            "page": block.page, "level": block.level}
    if block.table is not None:
        data["table"] = {"title": block.table.title, "header": list(block.table.header),
                         "rows": [list(row) for row in block.table.rows],
                         "row_pages": list(block.table.row_pages),
                         "caption": block.table.caption, "delimiter": block.table.delimiter}
    return data


def document_from_dict(data: dict) -> Document:
    blocks = []
    for item in data["blocks"]:
        table = None
        if item.get("table"):
            t = item["table"]
            table = Table(t["title"], tuple(t["header"]), tuple(tuple(r) for r in t["rows"]), tuple(t["row_pages"]),
                          t.get("caption", ""), t.get("delimiter", "\t"))
        blocks.append(Block(item["kind"], item["text"], tuple(item["section"]), item["page"], item["level"], table))
    return Document(data["source"], data["sha256"], tuple(blocks), data.get("page_count"))
