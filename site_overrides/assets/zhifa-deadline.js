/* Time-limit calculators of procedures/deadlines.html, offline.
 *
 * The page embeds the time limits of data/deadlines.yaml and the holiday calendar exported at build time (the merged
 * calendar of chinese-calendar and data/holidays.yaml, script#zf-deadline-data): one character per day of each known
 * year, "1" a working day, "2" a make-up working day, "0" a rest day, "A" + i the statutory holiday names[i]; and the
 * wording of the missing-year message (calendar.messages), filled in here as workdays.Calendar.missing_message does. The rules and wording follow
 * src/zhifa/deadlines.py and workdays.py; tests/test_deadline_browser.py checks both give the same answers.
 * All arithmetic is done in UTC so that the browser's time zone cannot shift a date.
 */
(function () {
  "use strict";
  var WEEKDAYS = "一二三四五六日";
  var DAY = 86400000;
  var DATETIME = /^(\d{4})[-\/.年](\d{1,2})[-\/.月](\d{1,2})日?[ T]*(\d{1,2})[:时](\d{2})(?::\d{2}(?:\.\d+)?)?分?$/;
  var DATE = /^(\d{4})[-\/.年](\d{1,2})[-\/.月](\d{1,2})日?$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function utc(y, m, d, hh, mm) {
    var t = Date.UTC(y, m - 1, d, hh || 0, mm || 0);
    var c = new Date(t);
    // Date.UTC rolls 2025-02-30 over to March: such a date does not exist.
    if (c.getUTCFullYear() !== y || c.getUTCMonth() !== m - 1 || c.getUTCDate() !== d) return null;
    if ((hh || 0) > 23 || (mm || 0) > 59) return null;
    return t;
  }

  function parseDateTime(text) {
    var m = DATETIME.exec((text || "").trim());
    return m ? utc(+m[1], +m[2], +m[3], +m[4], +m[5]) : null;
  }

  function parseDate(text) {
    var m = DATE.exec((text || "").trim());
    return m ? utc(+m[1], +m[2], +m[3]) : null;
  }

  function ymd(t) {
    var d = new Date(t);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function ymdhm(t) {
    var d = new Date(t);
    return ymd(t) + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function dateCn(t) {
    return ymd(t) + "（星期" + WEEKDAYS.charAt((new Date(t).getUTCDay() + 6) % 7) + "）";
  }

  function durationText(ms) {
    var minutes = Math.floor(ms / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    return ((days ? days + "天" : "") + (hours ? hours + "小时" : "") + (mins ? mins + "分钟" : "")) || "0分钟";
  }

  function Calendar(data) {
    this.data = data;
  }
  Calendar.prototype.code = function (t) {
    var d = new Date(t), year = d.getUTCFullYear(), days = this.data.years[String(year)];
    if (!days) throw { missing: [year] };
    return days.charAt(Math.round((t - Date.UTC(year, 0, 1)) / DAY));
  };
  Calendar.prototype.isWorkday = function (t) {
    var c = this.code(t);
    return c === "1" || c === "2";
  };
  Calendar.prototype.kind = function (t) {
    var c = this.code(t);
    if (c === "1") return "工作日";
    if (c === "2") return "调休上班日";
    if (c === "0") return "休息日";
    return "法定节假日（" + this.data.names[c.charCodeAt(0) - 65] + "）";
  };
  /* workdays.Calendar.missing_years: the years from that of `first` to that of `last` the calendar lacks. */
  Calendar.prototype.missingYears = function (first, last) {
    var out = [];
    for (var y = new Date(first).getUTCFullYear(); y <= new Date(last).getUTCFullYear(); y++) {
      if (!this.data.years[String(y)]) out.push(y);
    }
    return out;
  };
  /* workdays.ranges_text: 2004—2026、2028 */
  function rangesText(years) {
    var sorted = years.map(Number).sort(function (a, b) { return a - b; }), runs = [];
    sorted.forEach(function (y) {
      var run = runs[runs.length - 1];
      if (run && run[1] === y - 1) run[1] = y;
      else runs.push([y, y]);
    });
    return runs.map(function (r) { return r[0] === r[1] ? String(r[0]) : r[0] + "—" + r[1]; }).join("、");
  }
  /* workdays.Calendar.missing_message, with the wording exported from Python. */
  Calendar.prototype.missingMessage = function (years) {
    var d = this.data, m = d.messages, list = years.join("、");
    var have = years[0] > d.last ? m.until.split("{last}").join(String(d.last))
                                 : m.only.split("{ranges}").join(rangesText(Object.keys(d.years)));
    var notices = years.map(function (y) { return y + "年"; }).join("、");
    return m.missing.split("{have}").join(have).split("{years}").join(list)
      .split("{notices}").join(notices).split("{file}").join(d.file);
  };

  /* The last day of a period of `days` days counted from the day after `start` (deadlines.day_period). */
  function dayPeriod(calendar, deadline, start) {
    var nominal = start + deadline.days * DAY, end = nominal;
    var missing = calendar.missingYears(start + DAY, nominal);
    if (missing.length) throw { missing: missing };
    while (!calendar.isWorkday(end)) end += DAY;
    return { nominal: nominal, end: end };
  }

  /* deadlines.period_explanation */
  function explanation(calendar, deadline, period) {
    var kind = calendar.kind(period.nominal);
    var text = deadline.start + "不计入，自次日起算第" + deadline.days + "日为" + dateCn(period.nominal) + "，是" + kind;
    if (period.end !== period.nominal) return text + "，顺延至其后的第一个工作日" + dateCn(period.end) + "。";
    return text + (kind === "调休上班日" ? "，不顺延。" : "。");
  }

  function one(root, selector) { return root.querySelector(selector); }

  function periodCalculator(root, deadline, calendar) {
    var input = one(root, "[data-role=start]"), result = one(root, ".zf-calc-result"), explain = one(root, ".zf-calc-explain");
    function update() {
      result.textContent = "";
      explain.textContent = "";
      if (!input.value.trim()) return;
      var start = parseDate(input.value);
      if (start === null) {
        result.textContent = "“" + input.value + "”不是有效的日期，请写成 2025-03-03（年-月-日）";
        return;
      }
      try {
        var period = dayPeriod(calendar, deadline, start);
        result.textContent = "期限最后一日：" + dateCn(period.end);
        explain.textContent = "计算：" + explanation(calendar, deadline, period);
      } catch (e) {
        if (!e || e.missing === undefined) throw e;
        result.textContent = calendar.missingMessage(e.missing);
      }
    }
    root.addEventListener("input", update);
    root.addEventListener("change", update);
    update();
  }

  function chainCalculator(root, deadline) {
    var start = one(root, "[data-role=start]"), message = one(root, ".zf-calc-message");
    var rows = deadline.levels.map(function (level) {
      var row = one(root, 'tr[data-level="' + level.id + '"]');
      return { level: level, due: one(row, ".zf-calc-due"), reported: one(row, "[data-role=reported]"),
               status: one(row, ".zf-calc-status") };
    });
    function update() {
      var occurred = parseDateTime(start.value), late = [], wrong = [], filled = 0;
      message.textContent = "";
      rows.forEach(function (row) { row.due.textContent = ""; row.status.textContent = ""; });
      if (occurred === null) {
        if (start.value.trim()) message.textContent = "“" + start.value + "”不是有效的日期时间，请写成 2025-03-05 14:30";
        return;
      }
      rows.forEach(function (row) {
        var due = occurred + row.level.hours * 3600000, text = row.reported.value.trim();
        row.due.textContent = ymdhm(due);
        if (!text) return;
        var reported = parseDateTime(text);
        if (reported === null) {
          row.status.textContent = "时间格式不对";
          wrong.push("报" + row.level.label + "的时间“" + text + "”不是有效的日期时间，请写成 2025-03-05 14:30");
        } else if (reported < occurred) {
          row.status.textContent = "早于案件发生时间";
          wrong.push("报" + row.level.label + "的时间 " + ymdhm(reported) + " 早于案件发生时间 " + ymdhm(occurred) + "，请核对");
        } else if (reported > due) {
          row.status.textContent = "逾期" + durationText(reported - due);
          late.push(row.level.label + row.status.textContent);
        } else {
          row.status.textContent = "按时";
        }
        filled += 1;
      });
      if (wrong.length) message.textContent = wrong.join("；");
      else if (late.length) message.textContent = "逾期上报 " + late.length + " 项：" + late.join("；") + "。";
      else if (filled) message.textContent = "已填报的各级均按时上报。";
    }
    root.addEventListener("input", update);
    root.addEventListener("change", update);
    update();
  }

  function init() {
    var source = document.getElementById("zf-deadline-data");
    if (!source) return;
    var data = JSON.parse(source.textContent), calendar = new Calendar(data.calendar);
    var roots = document.querySelectorAll(".zf-calc[data-deadline]");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i], deadline = data.deadlines[root.getAttribute("data-deadline")];
      if (!deadline || root.getAttribute("data-ready")) continue;
      if (deadline.kind === "levels") chainCalculator(root, deadline);
      else if (deadline.kind === "days") periodCalculator(root, deadline, calendar);
      root.setAttribute("data-ready", "1");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
