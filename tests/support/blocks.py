"""What a person reads in Block Kit blocks, as text: sections, fields, context and rich text (bold as *x*)."""
from __future__ import annotations

from typing import Any


def _rich(elements: list[dict[str, Any]]) -> str:
    out = []
    for e in elements:
        if e["type"] in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
            out.append(_rich(e["elements"]))
        elif e["type"] == "text":
            bold = e.get("style", {}).get("bold")
            out.append(f"*{e['text']}*" if bold else e["text"])
        elif e["type"] == "user":
            out.append(f"<@{e['user_id']}>")
    return "".join(out)


def shown(blocks: list[dict[str, Any]]) -> str:
    lines = []
    for block in blocks:
        if block["type"] == "rich_text":
            lines.append(_rich(block["elements"]))
        elif block["type"] == "section":
            if "text" in block:
                lines.append(block["text"]["text"])
            lines += [f["text"] for f in block.get("fields", [])]
        elif block["type"] in ("context", "header"):
            items = block.get("elements") or [block["text"]]
            lines += [i["text"] for i in items if "text" in i]
    return "\n".join(lines)
