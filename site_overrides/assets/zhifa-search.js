/* The handbook's search, made for Chinese legal text (README "How the search works").

   Index: one document per regulation unit and per section of the other pages, built by the build into
   search/zhifa-index.js (src/zhifa/render/site/search_index.py). Engine: MiniSearch (npm), with this file's
   tokenizer for documents and queries alike: every Han character and every pair of neighbouring ones (the bigrams of
   Lucene's CJKAnalyzer), so any two or more characters of a unit find it whatever a segmenter would make of them;
   jieba's longer words (from the build) as a further field; numbers folded (四十八 ≡ 48, 十五日 ≡ 15日, 第14条 ≡
   第十四条); full-width and half-width forms folded (NFKC). A query that is a citation (第十四条, 行为规范第四条,
   《责任制度》（七）, 过错（九）第2项, 十四条) is read with the build's citation grammar and puts its units first.
   Ranking: MiniSearch's BM25 with field weights, then a phrase bonus (the query's characters contiguous in the unit),
   the share of the query's bigrams the unit holds, and the pages derived from the regulations (forms, checklists,
   procedures, glossary) below the regulations unless the query names them. Glossary spellings expand the query.

   No Intl.Segmenter, no Worker, no fetch: the index and MiniSearch are loaded as scripts on first use, so the search
   works the same from a web server and from file:// (the offline copy). Every value from the index is shown as text.
*/
(function () {
  "use strict";

  // ------------------------------------------------------------------------------------------------------------
  // Text: folding, numerals, tokens

  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNIT = { "十": 10, "百": 100, "千": 1000, "万": 10000 };
  var NUMERAL = /[零〇一二三四五六七八九两十百千万]/;
  var ATOM = /\p{Script=Han}|[0-9]+|[a-z]+/gu;

  /** A run of Chinese numeral characters as digits: 四十八 → "48", 二〇一九 → "2019", 十 → "10"; null for a run that
      is a word rather than a number (千万, 万). */
  function numeralValue(run) {
    var hasUnit = /[十百千万]/.test(run);
    if (!hasUnit) return run.split("").map(function (c) { return DIGIT[c]; }).join("");
    if (!/[零〇一二三四五六七八九两]/.test(run) && run !== "十") return null;
    var total = 0, section = 0, num = 0;
    for (var i = 0; i < run.length; i++) {
      var c = run[i];
      if (c in DIGIT) num = DIGIT[c];
      else if (c === "万") { total += (section + num) * 10000; section = 0; num = 0; }
      else { section += (num || 1) * UNIT[c]; num = 0; }
    }
    return String(total + section + num);
  }

  var NUMERAL_RUN = /[零〇一二三四五六七八九两十百千万]+/g;

  /** The text as the index sees it: NFKC (full width → half width, compatibility forms → the plain character),
      lower case, numerals as digits. */
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(NUMERAL_RUN, function (run) {
      var value = numeralValue(run);
      return value === null ? run : value;
    });
  }

  /** The same folding, character by character, with for each character the index of the original character it came
      from (to mark matches in the original). */
  function normalize(text) {
    var out = [], map = [];
    var chars = Array.from(String(text || ""));
    var pos = 0;  // index in UTF-16 units of the original
    var folded = chars.map(function (ch) { return ch.normalize("NFKC").toLowerCase(); });
    var starts = [];
    chars.forEach(function (ch) { starts.push(pos); pos += ch.length; });
    for (var i = 0; i < chars.length;) {
      if (folded[i].length === 1 && NUMERAL.test(folded[i])) {
        var j = i;
        while (j < chars.length && folded[j].length === 1 && NUMERAL.test(folded[j])) j++;
        var value = numeralValue(folded.slice(i, j).join(""));
        if (value !== null) {
          for (var k = 0; k < value.length; k++) { out.push(value[k]); map.push(starts[i]); }
          i = j;
          continue;
        }
      }
      for (var m = 0; m < folded[i].length; m++) { out.push(folded[i][m]); map.push(starts[i]); }
      i++;
    }
    map.push(pos);
    return { s: out.join(""), map: map };
  }

  /** Han characters, digit runs and Latin words, each with where it stands in the normalized text. */
  function atoms(s) {
    var found = [], m;
    ATOM.lastIndex = 0;
    while ((m = ATOM.exec(s)) !== null) found.push({ t: m[0], i: m.index, e: m.index + m[0].length });
    return found;
  }

  /** Runs of touching atoms: 出示执法证件，表明身份 → [出示执法证件, 表明身份]. */
  function runs(list) {
    var out = [], cur = [];
    list.forEach(function (a) {
      if (cur.length && cur[cur.length - 1].e !== a.i) { out.push(cur); cur = []; }
      cur.push(a);
    });
    if (cur.length) out.push(cur);
    return out;
  }

  function bigrams(list) {
    var out = [];
    runs(list).forEach(function (run) {
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i].t + run[i + 1].t);
    });
    return out;
  }

  /** The terms of a text: every bigram, and the atoms that stand alone (a character between punctuation, a number
      or a word of Latin letters). An atom inside a run is in its bigrams already; a query of one atom is answered by
      scanning the texts (Engine.scan), which keeps the index half the size and twice as fast to build. */
  function tokens(text) {
    var list = atoms(fold(text)), out = [];
    for (var i = 0; i < list.length; i++) {
      var before = i > 0 && list[i - 1].e === list[i].i, after = i + 1 < list.length && list[i].e === list[i + 1].i;
      if (!before && !after) out.push(list[i].t);
      if (after) out.push(list[i].t + list[i + 1].t);
    }
    return out;
  }

  function wordTokens(text) {
    return text ? fold(text).split(" ").filter(Boolean) : [];
  }

  // Question words of everyday queries (罚款能当场收吗): they stand in no article, so they only blur the ranking.
  // Everyday words for the text's own, tried only when the query as typed matches no pair of characters.
  var EVERYDAY = [["天", "日"], ["星期", "周"], ["礼拜", "周"]];
  var MEANING = /是什么意思|什么意思|是什么|的含义|含义|的意思|释义|定义/;
  var QUESTION = /请问|怎么办|怎么样|怎么|怎样|如何|为什么|什么|哪些|哪个|哪里|是否|能不能|可不可以|要不要|是不是|有没有|多少|多久|几天|几日|吗|呢|吧|么|？|\?/g;

  // ------------------------------------------------------------------------------------------------------------
  // Citations, read with the build's grammar (zhifa.cite.scan: the same unit pattern validate uses)

  function Citations(data) {
    var g = data.grammar;
    this.part = new RegExp(g.part, "y");
    this.words = g.words;
    this.level = g.level;
    this.names = data.names.map(function (n) { return { name: n[0].replace(/\s+/g, ""), reg: n[1] }; });
    this.units = {};  // reg index → key → [doc index]
  }

  Citations.prototype.add = function (reg, key, doc) {
    if (!key) return;
    var byKey = this.units[reg] || (this.units[reg] = {});
    (byKey[key] || (byKey[key] = [])).push(doc);
  };

  Citations.prototype.number = function (numeral) {
    if (/^[0-9]+$/.test(numeral)) return parseInt(numeral, 10);
    var v = numeralValue(numeral);
    return v === null ? NaN : parseInt(v, 10);
  };

  /** The unit reference at ``pos`` (levels going down, as parse_ref does) and where it ends. */
  Citations.prototype.parseRef = function (s, pos) {
    var parts = [];
    for (;;) {
      this.part.lastIndex = pos;
      var m = this.part.exec(s);
      if (!m) break;
      var gr = m.groups, kind, numeral, paren = false;
      if (gr.p) { kind = "article"; numeral = gr.p; paren = true; }
      else if (gr.s) { kind = "subitem"; numeral = gr.s; }
      else if (gr.i) { kind = "item"; numeral = gr.i; }
      else { kind = this.words[gr.w]; numeral = gr.n; }
      var n = this.number(numeral);
      if (isNaN(n)) break;
      if (parts.length && this.level[kind] <= this.level[parts[parts.length - 1].kind]) break;
      parts.push({ kind: kind, n: n, paren: paren });
      pos = m.index + m[0].length;
    }
    return { parts: parts, end: pos };
  };

  Citations.prototype.regulations = function (prefix) {
    prefix = prefix.replace(/[《》〈〉<>"“”]/g, "").replace(/的$/, "").replace(/^本(规范|制度|方案)?$/, "");
    if (!prefix) return null;  // every regulation
    var exact = this.names.filter(function (n) { return n.name === prefix; });
    var pool = exact.length ? exact : this.names.filter(function (n) {
      return n.name.indexOf(prefix) >= 0 || (prefix.length > n.name.length && prefix.indexOf(n.name) >= 0);
    });
    if (!pool.length && prefix.length >= 3) {
      // A name shortened by leaving words out (过错追究制度 for 过错责任追究制度): its characters in order.
      pool = this.names.filter(function (n) {
        for (var i = 0, at = 0; i < prefix.length; i++) {
          at = n.name.indexOf(prefix[i], at);
          if (at < 0) return false;
          at++;
        }
        return true;
      });
    }
    var regs = [];
    pool.forEach(function (n) { if (regs.indexOf(n.reg) < 0) regs.push(n.reg); });
    return regs;
  };

  /** Doc indexes of the units a citation-shaped query names, best first; [] when it is not a citation. */
  /** 15 → 十五, for labels typed in digits where the grammar has Chinese numerals: （15） → （十五）. */
  function chinese(n) {
    var d = "零一二三四五六七八九";
    if (n < 10) return d[n];
    if (n < 20) return "十" + (n % 10 ? d[n % 10] : "");
    if (n < 100) return d[Math.floor(n / 10)] + "十" + (n % 10 ? d[n % 10] : "");
    return String(n);
  }

  /** Spellings officers use that the grammar does not: (15) for （十五）, 五、2 for 第五部分第2项, （八）4 for
      （八）第4项. */
  function spellings(s) {
    return s.replace(/\(([0-9]{1,2})\)/g, function (m, n) { return "(" + chinese(parseInt(n, 10)) + ")"; })
      .replace(/(^|[^第0-9零〇一二三四五六七八九十百千])([一二三四五六七八九十]+)、/g, "$1第$2部分")
      .replace(/([)条款]|部分)([0-9]+)$/, "$1第$2项");
  }

  Citations.prototype.find = function (query) {
    var s = query.normalize("NFKC").replace(/\s+/g, "").replace(/(的)?(规定|条文|内容)$/, "").replace(/[、.]$/, "");
    s = spellings(s);
    for (var pos = 0; pos < s.length; pos++) {
      var ref = this.parseRef(s, pos), text = s;
      if (!ref.parts.length && /^[0-9零〇一二三四五六七八九十百千]+(条|款|项|章|节|编)/.test(s.slice(pos))) {
        text = s.slice(0, pos) + "第" + s.slice(pos);  // 十四条 → 第十四条
        ref = this.parseRef(text, pos);
      }
      if (!ref.parts.length || ref.end !== text.length) continue;
      var regs = this.regulations(s.slice(0, pos));
      if (regs !== null && !regs.length) return [];
      return this.lookup(regs, ref.parts);
    }
    return [];
  };

  Citations.prototype.lookup = function (regs, parts) {
    var level = this.level;
    // A part, chapter or subchapter before an article drops out, as in the units' own paths.
    if (parts.some(function (p) { return p.kind === "article"; })) {
      parts = parts.filter(function (p) { return level[p.kind] >= level.article; });
    }
    var key = parts.map(function (p) { return p.kind + ":" + p.n + (p.paren ? "p" : ""); }).join("/");
    var loose = key.replace(/p(?=\/|$)/g, "");
    var exact = [], near = [], self = this;
    Object.keys(this.units).forEach(function (reg) {
      if (regs !== null && regs.indexOf(parseInt(reg, 10)) < 0) return;
      var byKey = self.units[reg];
      Object.keys(byKey).forEach(function (k) {
        if (k === key) exact.push.apply(exact, byKey[k]);
        else if (k.replace(/p(?=\/|$)/g, "") === loose) near.push.apply(near, byKey[k]);
      });
    });
    var sort = function (a, b) { return a - b; };
    return exact.sort(sort).concat(near.sort(sort));
  };

  // ------------------------------------------------------------------------------------------------------------
  // The engine

  var DERIVED = { form: 1, checklist: 1, procedure: 1, glossary: 1, training: 1, regulations: 1 };
  var FIELDS = ["text", "head", "title", "cite", "words"];
  var BOOST = { text: 1, head: 2, title: 0.4, cite: 1.5, words: 1.2 };

  function Engine(data) {
    var docs = [], cites = new Citations(data);
    var regs = data.regs.map(function (r, i) {
      return { index: i, id: r[0], title: r[1], short: r[2], url: r[3] };
    });
    regs.forEach(function (reg) {
      docs.push({ kind: "regulation", url: reg.url, name: reg.title, label: "", heading: "", text: "",
                  head: reg.title, title: reg.short, cite: "", words: "", weight: 1 });
    });
    data.units.forEach(function (u) {
      var reg = regs[u[0]];
      cites.add(u[0], u[6], docs.length);
      docs.push({ kind: "unit", url: reg.url + "#" + u[1], name: reg.short + " " + (u[5] || u[2]),
                  label: u[2], heading: u[3], text: u[4], head: u[2] + " " + u[3], title: reg.short,
                  cite: u[5], words: u[7], weight: u[4] ? 1 : 0.6 });
    });
    // A page's title and section title weigh like a regulation's name, not like an article's label: a form whose
    // title holds the query comes up through the "named" rule of rankOne instead.
    var seen = {};
    data.pages.forEach(function (p) {
      var page = p[0].split("#")[0];
      docs.push({ kind: p[4], url: p[0], name: p[2] ? p[1] + " › " + p[2] : p[1], label: "", heading: p[2],
                  text: p[3], head: "", title: p[1] + " " + p[2], cite: "", words: p[5],
                  // the page's name is its first section's and each section's own title
                  nameText: seen[page] ? p[2] : p[1] + " " + p[2],
                  // a page that lists others (执法文书, 首页: boost below 1 in its front matter and an index page)
                  index: /(^|\/)(index\.html)?$/.test(page),
                  weight: /(^|\/)(index\.html)?$/.test(page) ? 0.2 : p[4] === "glossary" ? 0.2 : DERIVED[p[4]] ? 0.25 : 0.5 });
      seen[page] = true;
    });
    docs.forEach(function (d, i) {
      d.id = i;
      d.plain = (d.label ? d.label + " " : "") + (d.heading ? d.heading + " " : "") + d.text;
    });
    this.docs = docs;
    this.cites = cites;
    this.synonyms = (data.synonyms || []).map(function (group) {
      return group.map(fold);
    });
    var titles = new Map();
    this.mini = new window.MiniSearch({
      fields: FIELDS,
      tokenize: function (text, field) {
        if (field === "words") return wordTokens(text);
        if (field !== "title") return tokens(text);
        if (!titles.has(text)) titles.set(text, tokens(text));  // one regulation's name on each of its units
        return titles.get(text);
      },
      processTerm: function (term) { return term; },
      searchOptions: { boost: BOOST, prefix: false, fuzzy: false, combineWith: "OR" },
    });
  }

  Engine.prototype.build = function (chunk) {
    return this.mini.addAllAsync(this.docs, { chunkSize: chunk || 2000 });
  };

  Engine.prototype.norm = function (doc) {
    if (doc.norm === undefined) doc.norm = fold(doc.plain);
    return doc.norm;
  };

  /** The query as terms: bigrams of its runs, its longer stretches (for jieba's words), single atoms only when
      there is nothing longer. */
  function queryTerms(list) {
    var grams = bigrams(list), words = [];
    runs(list).forEach(function (run) {
      for (var n = 3; n <= Math.min(8, run.length); n++) {
        for (var i = 0; i + n <= run.length; i++) {
          words.push(run.slice(i, i + n).map(function (a) { return a.t; }).join(""));
        }
      }
    });
    var singles = grams.length ? [] : list.map(function (a) { return a.t; });
    return { grams: unique(grams), all: unique(grams.concat(words, singles)) };
  }

  function unique(list) {
    var seen = {};
    return list.filter(function (x) { return seen.hasOwnProperty(x) ? false : (seen[x] = true); });
  }

  /** The longest stretch of ``q`` (a normalized run) that stands in ``s``. */
  function longest(q, s) {
    var best = 0;
    for (var i = 0; i + best < q.length; i++) {
      while (i + best < q.length && s.indexOf(q.slice(i, i + best + 1)) >= 0) best++;
    }
    return best;
  }

  Engine.prototype.variants = function (core) {
    var out = [{ q: core, w: 1 }];
    this.synonyms.forEach(function (group) {
      group.forEach(function (word) {
        if (word.length < 2 || core.indexOf(word) < 0) return;
        group.forEach(function (other) {
          if (other !== word && other.length >= 2) out.push({ q: core.split(word).join(other), w: 0.9 });
        });
      });
    });
    return out.slice(0, 6);
  };

  /** Documents holding the single atoms of a query (罚, 48, 15 天), scored by how often they hold them against their
      length, in MiniSearch's result shape. */
  Engine.prototype.scan = function (list) {
    var self = this, wanted = unique(list.map(function (a) { return a.t; })), out = [];
    this.docs.forEach(function (doc) {
      var text = self.norm(doc), score = 0, terms = [];
      wanted.forEach(function (t) {
        var n = 0;
        for (var at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + t.length)) n++;
        if (n) { score += (n / (n + 1.2)) * (1 + 0.75 * 60 / (60 + text.length)); terms.push(t); }
      });
      if (score) out.push({ id: doc.id, score: score * terms.length, queryTerms: terms });
    });
    return out.sort(function (a, b) { return b.score - a.score; });
  };

  Engine.prototype.rankOne = function (q, result, doc) {
    var norm = this.norm(doc);
    var matched = {};
    result.queryTerms.forEach(function (t) { matched[t] = true; });
    var have = q.terms.grams.filter(function (g) { return matched[g]; }).length;
    var cover = q.terms.grams.length ? have / q.terms.grams.length : 1;
    var total = 0, hit = 0, whole = true;
    q.runs.forEach(function (run) {
      var l = run.length >= 2 ? longest(run, norm) : (norm.indexOf(run) >= 0 ? 1 : 0);
      total += run.length; hit += l;
      if (l < run.length) whole = false;
    });
    var phrase = total ? hit / total : 0;
    var weight = doc.weight;
    if (doc.kind !== "unit" && doc.kind !== "regulation" && !doc.index) {
      // Named: four or more characters of the query stand in the page's title or the section's (回避申请书,
      // 现场检查笔录), or three that end it (申诉书, 检查表); for the glossary, only a question for a meaning
      // (回避是什么意思) names a term.
      var title = doc.titleNorm || (doc.titleNorm = fold(doc.nameText || ""));
      // The more of the title the query covers, the surer: 行政执法过错责任追究决定书 over a procedure whose title
      // shares 过错责任追究.
      var named = 0;
      q.runs.forEach(function (run) {
        if (doc.kind === "glossary") {
          if (q.meaning && run.length >= 2 && title.indexOf(run) >= 0) named = 1;
          return;
        }
        var l = longest(run, title);
        if (l >= 4 || (l >= 3 && l === run.length && title.slice(-l) === run)) named = Math.max(named, l / title.length);
      });
      if (named) weight = doc.kind === "glossary" ? 3 : 1 + 3 * named;
    }
    return result.score * (0.25 + cover * cover) * (1 + 2 * phrase) * (whole && total >= 2 ? 2 : 1) * weight;
  };

  /** Ranked results: [{doc, score, marks}] (marks: the normalized stretches to highlight). */
  Engine.prototype.search = function (query, limit, fallback) {
    var self = this;
    limit = limit || 50;
    var meaning = MEANING.test(query);
    var core = fold(String(query).replace(MEANING, " ").replace(QUESTION, " "));
    if (!atoms(core).length) core = fold(query);  // a query of question words only: take it as typed
    var list = atoms(core);
    if (!list.length) return [];
    var scores = {};
    var q0 = null;
    this.variants(core).forEach(function (variant) {
      var l = atoms(variant.q);
      var q = { terms: queryTerms(l), runs: runs(l).map(function (r) { return variant.q.slice(r[0].i, r[r.length - 1].e); }) };
      q.meaning = meaning;
      if (!q0) q0 = q;
      var found = q.terms.grams.length ? self.mini.search(variant.q, {
        tokenize: function () { return q.terms.all; },
        boostTerm: function (term) { return term.length > 2 && !/^[0-9a-z]+$/.test(term) ? 1.5 : 1; },
      }) : self.scan(l);
      found.slice(0, 150).forEach(function (r) {
        var s = self.rankOne(q, r, self.docs[r.id]) * variant.w;
        if (!scores[r.id] || scores[r.id] < s) scores[r.id] = s;
      });
    });
    if (!Object.keys(scores).length && !fallback) {
      // No pair of neighbouring characters stands anywhere (15天, 罚没款项目): the characters one by one, with the
      // everyday words for the legal ones (天 → 日).
      var loose = core;
      EVERYDAY.forEach(function (pair) { loose = loose.split(pair[0]).join(pair[1]); });
      var spaced = atoms(loose).map(function (a) { return a.t; }).join(" ");
      return loose !== core ? this.search(loose, limit, true) : this.search(spaced, limit, true);
    }
    var ids = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a]; });
    var cited = this.cites.find(String(query));
    var top = cited.length ? (scores[ids[0]] || 1) * 10 : 0;
    cited.forEach(function (id, n) { scores[id] = top + (cited.length - n); });
    ids = unique(cited.concat(ids)).slice(0, limit);
    var marks = marksOf(core);
    return ids.map(function (id) {
      return { doc: self.docs[id], score: scores[id], marks: marks, core: core };
    });
  };

  /** What to highlight for a (normalized) query: its runs and their bigrams; single atoms for a one-atom query. */
  function marksOf(core) {
    var list = atoms(core);
    var spans = runs(list).map(function (r) { return core.slice(r[0].i, r[r.length - 1].e); });
    return unique(spans.concat(bigrams(list))).filter(function (m) { return list.length === 1 || m.length >= 2; });
  }

  /** Where the marks stand in ``text``: merged [start, end) spans of the original text. */
  function markSpans(text, marks) {
    var n = normalize(text), spans = [];
    marks.forEach(function (m) {
      for (var at = n.s.indexOf(m); at >= 0; at = n.s.indexOf(m, at + 1)) spans.push([at, at + m.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    spans.forEach(function (sp) {
      var last = merged[merged.length - 1];
      if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
      else merged.push(sp.slice());
    });
    return merged.map(function (sp) { return [n.map[sp[0]], n.map[sp[1]]]; }).filter(function (sp) { return sp[1] > sp[0]; });
  }

  // ------------------------------------------------------------------------------------------------------------
  // The page: loading, the box, the results, the highlight on arrival

  var config = (function () {
    var el = document.getElementById("__config");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  var T = config.translations || {};
  var BASE = (config.base || ".").replace(/\/$/, "") + "/";

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("无法加载 " + src)); };
      document.head.appendChild(s);
    });
  }

  var ready = null;
  function engine() {
    if (!ready) {
      ready = Promise.all([
        window.MiniSearch ? null : loadScript(BASE + "assets/vendor/minisearch/minisearch.js"),
        window.__zhifaSearch ? null : loadScript(BASE + "search/zhifa-index.js"),
      ]).then(function () {
        var e = new Engine(window.__zhifaSearch);
        return e.build().then(function () { return e; });
      });
    }
    return ready;
  }

  function href(doc, core) {
    var url = doc.url, hash = "";
    var at = url.indexOf("#");
    if (at >= 0) { hash = url.slice(at); url = url.slice(0, at); }
    if (!url && !location.protocol.startsWith("http")) url = "index.html";
    var h = core ? "?h=" + encodeURIComponent(core) : "";
    return BASE + url + h + hash;
  }

  /** ``text`` with the spans marked, as DOM nodes (never as HTML). */
  function appendMarked(parent, text, spans) {
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(sp[0], sp[1]);
      parent.appendChild(mark);
      pos = sp[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function snippet(doc, marks) {
    var text = doc.text || doc.heading || "";
    var spans = markSpans(text, marks);
    var start = 0, end = text.length, WINDOW = 90;
    if (text.length > WINDOW) {
      start = spans.length ? Math.max(0, spans[0][0] - 20) : 0;
      end = Math.min(text.length, start + WINDOW);
    }
    var shown = spans.filter(function (sp) { return sp[0] >= start && sp[1] <= end; })
      .map(function (sp) { return [sp[0] - start, sp[1] - start]; });
    return { text: (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""),
             spans: shown.map(function (sp) { return start > 0 ? [sp[0] + 1, sp[1] + 1] : sp; }) };
  }

  function count(n) {
    if (n === 0) return T["search.result.none"] || "没有找到符合条件的结果";
    if (n === 1) return T["search.result.one"] || "找到 1 个符合条件的结果";
    return (T["search.result.other"] || "# 个符合条件的结果").replace("#", n);
  }

  function show(box, results, query) {
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var suggest = box.querySelector(".zf-search-suggest");
    list.textContent = "";
    suggest.textContent = "";
    suggest.hidden = true;
    if (!query.trim()) { meta.textContent = T["search.result.placeholder"] || "键入以开始搜索"; return; }
    meta.textContent = count(results.length);
    if (!results.length) {
      suggest.hidden = false;
      suggest.textContent = "建议：换用条文中的说法或更短的词，或输入条号（如 第十四条、行为规范第四条）。";
    }
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = href(r.doc, r.core);
      a.tabIndex = -1;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      article.dataset.mdScore = r.score.toFixed(2);
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      var h = document.createElement(r.doc.kind === "unit" ? "h2" : "h1");
      appendMarked(h, r.doc.name, markSpans(r.doc.name, r.marks));
      if (r.doc.kind === "unit" && r.doc.heading) {
        h.appendChild(document.createTextNode(" "));
        var small = document.createElement("span");
        small.className = "zf-search-heading";
        appendMarked(small, r.doc.heading, markSpans(r.doc.heading, r.marks));
        h.appendChild(small);
      }
      article.appendChild(icon);
      article.appendChild(h);
      var snip = snippet(r.doc, r.marks);
      if (snip.text) {
        var p = document.createElement("p");
        appendMarked(p, snip.text, snip.spans);
        article.appendChild(p);
      }
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function typing(el) {
    var tag = el && el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable);
  }

  function setup() {
    var input = document.querySelector(".zf-search .md-search__input");
    if (!input) return;
    var box = document.querySelector(".zf-search .md-search-result");
    var form = input.form;
    var toggle = document.getElementById("__search");
    var timer = null, last = null;

    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
    }
    function close() {
      if (toggle) toggle.checked = false;
      input.blur();
    }
    function links() { return Array.prototype.slice.call(box.querySelectorAll(".md-search-result__link")); }
    function run() {
      var query = input.value;
      if (query === last) return;
      last = query;
      if (!query.trim()) { show(box, [], query); return; }
      box.querySelector(".md-search-result__meta").textContent = T["search.result.initializer"] || "正在加载索引…";
      engine().then(function (e) {
        if (input.value !== query) return;
        show(box, e.search(query), query);
      }, function (err) {
        box.querySelector(".md-search-result__meta").textContent = "搜索索引加载失败：" + err.message;
      });
    }

    input.addEventListener("focus", function () { open(); engine(); });
    input.addEventListener("input", function () {
      open();
      clearTimeout(timer);
      // The old results go at once: what is listed always answers what is in the box.
      if (input.value !== last) {
        box.querySelector(".md-search-result__list").textContent = "";
        box.querySelector(".zf-search-suggest").hidden = true;
        box.querySelector(".md-search-result__meta").textContent = input.value.trim()
          ? (T["search.result.initializer"] || "正在搜索…") : (T["search.result.placeholder"] || "键入以开始搜索");
      }
      timer = setTimeout(run, 60);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { last = null; show(box, [], ""); input.focus(); }, 0);
    });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

    document.addEventListener("keydown", function (ev) {
      if (ev.metaKey || ev.ctrlKey || ev.altKey) return;
      var active = document.activeElement;
      var inSearch = active === input || links().indexOf(active) >= 0;
      if (!inSearch) {
        if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !typing(active)) {
          ev.preventDefault();
          open();
          input.focus();
          input.select();
        }
        return;
      }
      var all = links(), at = all.indexOf(active);
      if (ev.key === "Escape") { ev.preventDefault(); close(); }
      else if (ev.key === "ArrowDown" && all.length) { ev.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
      else if (ev.key === "ArrowUp" && at >= 0) { ev.preventDefault(); if (at === 0) input.focus(); else all[at - 1].focus(); }
      else if (ev.key === "Enter" && at < 0 && active === input) {
        clearTimeout(timer);
        run();
      }
    });
  }

  /** Arriving from a result (?h=…#unit): mark the words in that unit. */
  function highlight() {
    var h;
    try { h = new URLSearchParams(location.search).get("h"); } catch (e) { return; }
    if (!h || !location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    var marks = marksOf(fold(h));
    // A unit set as a heading (an article in a chapter) holds its text in the blocks after it, up to the next heading.
    var scope = [target];
    if (/^H[1-6]$/.test(target.tagName)) {
      for (var el = target.nextElementSibling; el && !/^H[1-6]$/.test(el.tagName); el = el.nextElementSibling) scope.push(el);
    }
    var nodes = [];
    scope.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (node.parentElement.closest(".zf-cite, button, .headerlink, mark, [data-search-exclude]")) continue;
        nodes.push(node);
      }
    });
    nodes.forEach(function (node) {
      var spans = markSpans(node.nodeValue, marks);
      if (!spans.length) return;
      var frag = document.createDocumentFragment();
      var pos = 0;
      spans.forEach(function (sp) {
        if (sp[0] > pos) frag.appendChild(document.createTextNode(node.nodeValue.slice(pos, sp[0])));
        var mark = document.createElement("mark");
        mark.className = "zf-hit";
        mark.textContent = node.nodeValue.slice(sp[0], sp[1]);
        frag.appendChild(mark);
        pos = sp[1];
      });
      if (pos < node.nodeValue.length) frag.appendChild(document.createTextNode(node.nodeValue.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
  }

  window.zhifaSearch = { normalize: normalize, fold: fold, tokens: tokens, numeralValue: numeralValue, Engine: Engine,
                         engine: engine, markSpans: markSpans };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(); highlight(); });
  } else {
    setup();
    highlight();
  }
})();
