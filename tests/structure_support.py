"""A made-up national law in the shapes real laws have, added to a copy of the project by the test_structure_* tests.

The law (《中华人民共和国示范执法监督法》) is invented for these tests. Its source text has a title line, two head lines
(adoption and amendment), a table of contents (目录) that the regulation does not keep, then the body: 编, 章
restarting under each 编, 节, articles numbered through the whole law, 款, 项 written （一） and (一), 目 written 1. and
1．. The YAML below is written by hand from that text, as the README's id scheme says, not produced by zhifa.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

LAW_ID = "demo-law"
LAW_TITLE = "中华人民共和国示范执法监督法"
SOURCE = "data/sources/demo-law.txt"

HISTORY = [
    "（2020年6月1日第十三届全国人民代表大会常务委员会第十九次会议通过",
    "根据2023年3月1日第十四届全国人民代表大会常务委员会第二次会议《关于修改〈中华人民共和国示范执法监督法〉的决定》修正）",
]

SOURCE_LINES = [
    LAW_TITLE,                                   # 1
    HISTORY[0],                                  # 2
    HISTORY[1],                                  # 3
    "目　　录",                                   # 4  the table of contents: not part of the regulation
    "第一编　总　　则",                            # 5
    "第一章　一般规定",                            # 6
    "第二章　监督机构",                            # 7
    "第一节　设　　置",                            # 8
    "第二节　职　　责",                            # 9
    "第二编　附　　则",                            # 10
    "第一章　施　　行",                            # 11
    "第一编　总　　则",                            # 12 the body starts here
    "第一章　一般规定",                            # 13
    "第一条　为了规范行政执法监督，保障法律正确实施，制定本法。",  # 14
    "第二条　本法适用于各级人民政府对所属部门行政执法活动的监督。",  # 15
    "第二章　监督机构",                            # 16
    "第一节　设　　置",                            # 17
    "第三条　监督机构由下列人员组成：",            # 18
    "(一)专职监督人员；",                          # 19
    "(二)兼职监督人员，包括：",                    # 20
    "1．特邀监督员；",                             # 21
    "2．人大代表。",                               # 22
    "第二节　职　　责",                            # 23
    "第四条　监督机构履行下列职责：",              # 24
    "（一）检查行政执法案卷；",                    # 25
    "（二）受理对行政执法行为的投诉，包括：",      # 26
    "1.书面投诉；",                                # 27
    "2.口头投诉；",                                # 28
    "（三）法律、法规规定的其他职责。",            # 29
    "监督机构应当每年向本级人民政府报告工作。",    # 30
    "第二编　附　　则",                            # 31
    "第一章　施　　行",                            # 32
    "第五条　本法自2024年1月1日起施行。",          # 33
]
LINES = "1-3, 12-33"

LAW_YAML = """\
order: 7
title: 中华人民共和国示范执法监督法
short_title: 示范执法监督法
summary: 为测试编造的法律：编、章、节、条、款、项、目俱全。
type: 法律
history:
  - （2020年6月1日第十三届全国人民代表大会常务委员会第十九次会议通过
  - 根据2023年3月1日第十四届全国人民代表大会常务委员会第二次会议《关于修改〈中华人民共和国示范执法监督法〉的决定》修正）
issuer: 全国人民代表大会常务委员会
scope: 各级人民政府对所属部门行政执法活动的监督
status: 现行有效
effective: 2024年1月1日
source:
  file: data/sources/demo-law.txt
  lines: 1-3, 12-33
units:
  - id: part_1
    kind: part
    label: 第一编
    heading: 总　　则
    children:
      - id: part_1__chp_1
        kind: chapter
        label: 第一章
        heading: 一般规定
        children:
          - id: part_1__chp_1__art_1
            kind: article
            label: 第一条
            text: 为了规范行政执法监督，保障法律正确实施，制定本法。
          - id: part_1__chp_1__art_2
            kind: article
            label: 第二条
            text: 本法适用于各级人民政府对所属部门行政执法活动的监督。
      - id: part_1__chp_2
        kind: chapter
        label: 第二章
        heading: 监督机构
        children:
          - id: part_1__chp_2__subchp_1
            kind: subchapter
            label: 第一节
            heading: 设　　置
            children:
              - id: part_1__chp_2__subchp_1__art_3
                kind: article
                label: 第三条
                text: 监督机构由下列人员组成：
                children:
                  - id: part_1__chp_2__subchp_1__art_3__item_1
                    kind: item
                    label: (一)
                    text: 专职监督人员；
                  - id: part_1__chp_2__subchp_1__art_3__item_2
                    kind: item
                    label: (二)
                    text: 兼职监督人员，包括：
                    children:
                      - id: part_1__chp_2__subchp_1__art_3__item_2__subitem_1
                        kind: subitem
                        label: 1．
                        text: 特邀监督员；
                      - id: part_1__chp_2__subchp_1__art_3__item_2__subitem_2
                        kind: subitem
                        label: 2．
                        text: 人大代表。
          - id: part_1__chp_2__subchp_2
            kind: subchapter
            label: 第二节
            heading: 职　　责
            children:
              - id: part_1__chp_2__subchp_2__art_4
                kind: article
                label: 第四条
                children:
                  - id: part_1__chp_2__subchp_2__art_4__para_1
                    kind: paragraph
                    text: 监督机构履行下列职责：
                    children:
                      - id: part_1__chp_2__subchp_2__art_4__para_1__item_1
                        kind: item
                        label: （一）
                        text: 检查行政执法案卷；
                      - id: part_1__chp_2__subchp_2__art_4__para_1__item_2
                        kind: item
                        label: （二）
                        text: 受理对行政执法行为的投诉，包括：
                        children:
                          - id: part_1__chp_2__subchp_2__art_4__para_1__item_2__subitem_1
                            kind: subitem
                            label: "1."
                            text: 书面投诉；
                          - id: part_1__chp_2__subchp_2__art_4__para_1__item_2__subitem_2
                            kind: subitem
                            label: "2."
                            text: 口头投诉；
                      - id: part_1__chp_2__subchp_2__art_4__para_1__item_3
                        kind: item
                        label: （三）
                        text: 法律、法规规定的其他职责。
                  - id: part_1__chp_2__subchp_2__art_4__para_2
                    kind: paragraph
                    text: 监督机构应当每年向本级人民政府报告工作。
  - id: part_2
    kind: part
    label: 第二编
    heading: 附　　则
    children:
      - id: part_2__chp_1
        kind: chapter
        label: 第一章
        heading: 施　　行
        children:
          - id: part_2__chp_1__art_5
            kind: article
            label: 第五条
            text: 本法自2024年1月1日起施行。
"""

# Units and what Chinese legal convention calls them, written by hand: 第十四条第一款第（二）项 for an item （二）,
# 第1目 for a subitem 1., a part, chapter or subchapter by its labels until an article is named.
CITATIONS = {
    "part_1": "第一编",
    "part_1__chp_2": "第一编第二章",
    "part_2__chp_1": "第二编第一章",
    "part_1__chp_2__subchp_2": "第一编第二章第二节",
    "part_1__chp_1__art_2": "第二条",
    "part_1__chp_2__subchp_1__art_3__item_1": "第三条第（一）项",
    "part_1__chp_2__subchp_1__art_3__item_2__subitem_2": "第三条第（二）项第2目",
    "part_1__chp_2__subchp_2__art_4__para_1": "第四条第一款",
    "part_1__chp_2__subchp_2__art_4__para_1__item_2": "第四条第一款第（二）项",
    "part_1__chp_2__subchp_2__art_4__para_1__item_2__subitem_1": "第四条第一款第（二）项第1目",
    "part_1__chp_2__subchp_2__art_4__para_2": "第四条第二款",
    "part_2__chp_1__art_5": "第五条",
}


def law_project(dest: Path) -> Path:
    """A project of its own holding only the law (and the jurisdiction file every project has); return DEST."""
    (dest / "regulations").mkdir(parents=True)
    (dest / "data" / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "jurisdiction.yaml", dest / "data" / "jurisdiction.yaml")
    add_law(dest)
    return dest


def law_path(root: Path) -> Path:
    return root / "regulations" / f"{LAW_ID}.yaml"


def add_law(root: Path, yaml_text: str = LAW_YAML, source_lines: list[str] | None = None) -> Path:
    """Write the law and its source text into the project copy at ``root``; return the YAML file."""
    (root / SOURCE).write_text("\n".join(SOURCE_LINES if source_lines is None else source_lines) + "\n",
                               encoding="utf-8")
    path = law_path(root)
    path.write_text(yaml_text, encoding="utf-8")
    return path


def edit_law(root: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` (which must be there) in the law's YAML; return the 1-based line where it stood."""
    path = law_path(root)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(root: Path, needle: str) -> int:
    """The 1-based line of the law's YAML where ``needle`` first stands."""
    text = law_path(root).read_text(encoding="utf-8")
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1
