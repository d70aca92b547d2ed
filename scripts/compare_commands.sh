#!/usr/bin/env bash
# The README's command examples as a transcript, to show a change keeps behaviour: run it with the zhifa of the old
# and of the new code, then diff the two transcripts (output, exit code, and a checksum of every written document's
# content: word/document.xml, the first sheet, the PDF's text).
# Usage: scripts/compare_commands.sh ZHIFA OUT_DIR PROJECT_ROOT > transcript.txt
set -u
Z=$1; OUT=$2; ROOT=$3
mkdir -p "$OUT"; [ -z "$(ls -A "$OUT")" ] || { echo "$OUT is not empty" >&2; exit 2; }; OUT=$(cd "$OUT" && pwd); cd "$ROOT"
export ZHIFA_TODAY=${ZHIFA_TODAY:-$(date +%F)}  # both runs on one day see the same holiday warning
run() { echo "\$ zhifa $*" | sed "s#$OUT#OUT#g; s#$ROOT#ROOT#g"; "$Z" "$@" 2>&1 | sed "s#$OUT#OUT#g; s#$ROOT#ROOT#g"; echo "exit ${PIPESTATUS[0]}"; }
run validate
run validate --format json
run stats --json
run forms
run exam --count 30 --seed 7 -o "$OUT/exam.docx"
run exam --count 30 --seed 7 -o "$OUT/exam.pdf"
run deadline major-case --occurred "2025-03-05 14:30" --reported county="2025-03-05 16:10"
run deadline appeal --received 2025-09-16
run deadline appeal --received 2026-12-17
run deadline appeal --received 2025-09-16 --json
run fill onsite-inspection "$ROOT/data/examples/forms/onsite-inspection.yaml" -o "$OUT/记录.docx"
run fill onsite-inspection "$ROOT/data/examples/forms/onsite-inspection.yaml" -o "$OUT/记录.pdf"
run fill self-inspection "$ROOT/data/examples/checklists/self-inspection.yaml" -o "$OUT/自查表.xlsx"
run fill self-inspection "$ROOT/data/examples/checklists/self-inspection.yaml" -o "$OUT/自查表.docx"
run fill self-inspection "$ROOT/data/examples/checklists/self-inspection.yaml" -o "$OUT/自查表.pdf"
cd "$OUT"; for f in *.docx *.xlsx; do unzip -p "$f" word/document.xml xl/worksheets/sheet1.xml 2>/dev/null | md5sum | sed "s#-#$f#"; done
for f in *.pdf; do pdftotext "$f" - | md5sum | sed "s#-#$f#"; done
