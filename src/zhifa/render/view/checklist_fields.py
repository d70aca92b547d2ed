"""What the fillable Word and PDF checklists share: the names of their controls and fields, the page and the item
table's columns, the hints in empty result fields and the summary line of a filled checklist.

Names (a content control's ``w:tag`` in Word, a field's fully qualified name in the PDF):

* ``header.<field id>`` for the header fields;
* ``<item id>.yes``, ``<item id>.no``, ``<item id>.na``: one check box per answer of a yes/no item (是, 否, 不适用);
* ``<item id>.value``: the result of a rate, count or note item;
* ``<item id>.remark``: the remark of every item.
"""

from __future__ import annotations

from zhifa.render.view.checklist import ChecklistView, ItemView

COLUMNS = ("序号", "检查内容", "核实方法", "依据", "结果", "备注")
# The page both print on: A4 landscape (six columns), 20 mm margins; the item table's column widths in mm.
PAGE_MM = (297, 210)
MARGIN_MM = 20
TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM
COLUMN_WIDTHS_MM = (12, 68, 40, 45, 42, 50)
OPTION_KEYS = {"是": "yes", "否": "no", "不适用": "na"}
RESULT_HINTS = {"rate": "填写百分比", "count": "填写数量", "note": "填写情况"}


assert sum(COLUMN_WIDTHS_MM) == TEXT_WIDTH_MM


def header_name(field_id: str) -> str:
    return f"header.{field_id}"


def option_name(item: ItemView, option: str) -> str:
    return f"{item.id}.{OPTION_KEYS.get(option) or str(item.options.index(option))}"


def value_name(item: ItemView) -> str:
    return f"{item.id}.value"


def remark_name(item: ItemView) -> str:
    return f"{item.id}.remark"


def option_label(item: ItemView, option: str) -> str:
    """A check box's title (Word's alias, the PDF's tool tip): 1.2 结果：是."""
    return f"{item.number} 结果：{option}"


def _percent(share: float) -> str:
    return f"{100 * share:.1f}".rstrip("0").rstrip(".")


def result_line(view: ChecklistView) -> str | None:
    """已答 N 项，共 M 项，完成率 x%，需关注 k 项（numbers of those items）; None for a blank checklist."""
    r = view.result
    if r is None:
        return None
    line = f"已答 {r.answered} 项，共 {r.items} 项，完成率 {_percent(r.completion)}%，需关注 {r.attention} 项"
    flagged = [i.number for i in view.items() if i.flagged]
    if flagged:
        line += "（" + "、".join(flagged) + "）"
    return line
