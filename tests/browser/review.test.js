#!/usr/bin/env node
// The review page in a real browser: zhx extract --format html on a corpus
// article (and a small document full of traps: </script>, &, <!--, characters
// outside the BMP before a name), loaded from file:// in headless Chromium.
// Checks that every record of the JSONL output of the same run has its
// highlight at its span, that a click shows a record's evidence, and that
// accept / reject / correct and Export give exactly the gold SCHEMA.md
// describes. Leaves review.html, the records, the gold and a screenshot
// (review.png) in OUT_DIR.
//
// usage: node tests/browser/review.test.js ZHX OUT_DIR     (from the source root)
// Exit 77 (skipped) only when there is no Chromium; playwright-core is
// installed from package-lock.json into tests/browser/node_modules on first use.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const assert = require('assert');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const [zhx, outDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!zhx || !outDir) {
  console.error('usage: review.test.js ZHX OUT_DIR');
  process.exit(2);
}
const CHROMIUM = process.env.ZHX_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.log(`skipped: no Chromium at ${CHROMIUM} (the Debian package chromium; scripts/deps.sh installs it)`);
  process.exit(77);
}
if (!fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core'))) {
  console.log('installing playwright-core into tests/browser/node_modules (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: HERE, stdio: 'inherit' });
}
const { chromium } = require('playwright-core');

const ARTICLE = 'corpus/articles/openai-exodus.txt';
fs.mkdirSync(outDir, { recursive: true });
// A second document: markup-like text that must stay text (</script>, <!--,
// &amp;), and 𠮷 (one code point, two UTF-16 units) before the records, so
// offsets only fit when the page counts code points.
const TRAPS = 'tests/cli/data/review/traps.txt';

function run(args) {
  const p = spawnSync(zhx, ['extract', '--ref-date', '2024-10', ...args, ARTICLE, TRAPS], { cwd: ROOT, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`zhx ${args.join(' ')}: exit ${p.status}\n${p.stderr}`);
  return p.stdout;
}
const htmlPath = path.join(outDir, 'review.html');
run(['--format', 'html', '-o', htmlPath]);
const jsonl = run([]);
fs.writeFileSync(path.join(outDir, 'records.jsonl'), jsonl);

// the documents of the JSONL run, each its doc line and its record lines
const docs = [];
for (const line of jsonl.split('\n').filter(Boolean)) {
  const r = JSON.parse(line);
  if (r.type === 'doc') docs.push({ id: r.doc, lines: [line], recs: [r] });
  else { docs[docs.length - 1].lines.push(line); docs[docs.length - 1].recs.push(r); }
}
assert.strictEqual(docs.length, 2, 'two documents');

const html = fs.readFileSync(htmlPath, 'utf8');
assert(!/<(script|link|img|iframe)[^>]*\s(src|href)\s*=/i.test(html), 'no external resource');
assert(!html.includes('</script><!--'), 'the traps are escaped in the data');

// Where each record's highlight pieces are, in code points of the text box.
function pagePieces() {
  const box = document.getElementById('text');
  const pieces = {};
  let off = 0;
  (function walk(node) {
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) {
        off += Array.from(c.data).length;
      } else if (c.nodeType === Node.ELEMENT_NODE) {
        const s = off;
        walk(c);
        if (c.dataset.rec !== undefined) (pieces[c.dataset.rec] = pieces[c.dataset.rec] || []).push([s, off, c.dataset.type]);
      }
    }
  }(box));
  return { pieces, chars: off, text: box.textContent };
}

function checkHighlights(doc, got, label) {
  const docRec = doc.recs[0];
  assert.strictEqual(got.chars, docRec.chars, `${label}: the page shows the whole text`);
  const n = doc.recs.length - 1;
  assert.strictEqual(Object.keys(got.pieces).length, n, `${label}: one highlight per record (${n})`);
  doc.recs.forEach((r, i) => {
    if (i === 0) return;
    const ps = (got.pieces[i] || []).sort((a, b) => a[0] - b[0]);
    assert(ps.length, `${label}: record ${i} (${r.type} ${r.text}) has no highlight`);
    for (let k = 0; k < ps.length; k++) {
      assert.strictEqual(ps[k][2], r.type, `${label}: record ${i} type`);
      if (k) assert.strictEqual(ps[k][0], ps[k - 1][1], `${label}: record ${i}: its pieces are contiguous`);
    }
    assert.deepStrictEqual([ps[0][0], ps[ps.length - 1][1]], [r.start, r.end], `${label}: record ${i} (${r.type} ${r.text}) span`);
    assert.strictEqual(Array.from(got.text).slice(r.start, r.end).join(''), r.text, `${label}: record ${i} text`);
  });
}

(async () => {
  // a container's /dev/shm is often 64 MB, too small for Chromium's renderer
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-dev-shm-usage'] });
  let failed = false;
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
    page.on('request', (req) => { if (!/^(file|data|blob):/.test(req.url())) problems.push('network request: ' + req.url()); });
    await page.goto('file://' + htmlPath);
    await page.waitForSelector('#text .hl');

    // the page's data is the JSONL run, record for record
    const data = await page.evaluate(() => Array.from(document.querySelectorAll('script.zhx-doc'), (s) => JSON.parse(s.textContent)));
    assert.strictEqual(data.length, 2);
    data.forEach((d, di) => {
      assert.strictEqual(d.id, docs[di].id);
      assert.deepStrictEqual(d.records, docs[di].recs, `${d.id}: page records equal the JSONL records`);
    });
    assert.strictEqual(data[1].text, fs.readFileSync(path.join(ROOT, TRAPS), 'utf8'), 'the traps document text survives');

    // 1. a highlight at the span of every record, in both documents
    checkHighlights(docs[0], await page.evaluate(pagePieces), docs[0].id);
    const doc = docs[0];
    const idx = (pred) => doc.recs.findIndex((r, i) => i > 0 && pred(r));

    // 2. click a highlight: its evidence (rule, sentence) shows
    const dateI = idx((r) => r.type === 'date');
    await page.click(`#text [data-rec="${dateI}"]`);
    assert.strictEqual(await page.textContent('#ev-rule'), doc.recs[dateI].rule);
    assert((await page.textContent('#ev-sentence')).includes(doc.recs[dateI].text), 'the sentence holds the record');
    assert.strictEqual(await page.textContent('#ev-sentence mark'), doc.recs[dateI].text);

    // 3. accept: by button and by key
    await page.click('#ev-accept');
    const titleI = idx((r) => r.type === 'title' && r.person);
    await page.click(`#text [data-rec="${titleI}"]`);
    assert.strictEqual(await page.textContent('#ev-rule'), doc.recs[titleI].rule);
    await page.keyboard.press('a');
    assert.strictEqual(await page.textContent('#ev-status'), 'accepted');

    // 4. reject an org
    const orgI = idx((r) => r.type === 'org');
    await page.click(`#text [data-rec="${orgI}"]`);
    await page.click('#ev-reject');
    assert.strictEqual(await page.getAttribute(`#text [data-rec="${orgI}"]`, 'class').then((c) => c.includes('st-rejected')), true);

    // 5. correct a move, chosen in the Moves table: its person (typed as a name:
    // the page turns it into the id, and brings the name and English along),
    // action and to
    const moveI = idx((r) => r.type === 'move');
    const move = doc.recs[moveI];
    await page.click(`#moves tr[data-rec="${moveI}"]`);
    assert.strictEqual(await page.textContent('#ev-rule'), move.rule);
    await page.click('#ev-correct');
    const newAction = move.action === 'leave' ? 'join' : 'leave';
    await page.selectOption('#f-action', newAction);
    await page.fill('#f-to', 'Safe Superintelligence');
    const other = doc.recs.find((r) => r.type === 'person' && r.id !== move.person && r.en);
    await page.fill('#f-person', other.name);
    await page.click('#ev-save');
    assert.strictEqual(await page.textContent('#ev-status'), 'corrected');

    // 6. the second document: switch, check its highlights; by keyboard only:
    // Enter on a focused highlight shows it, j goes to the first record, a accepts it
    await page.selectOption('#doc-select', '1');
    checkHighlights(docs[1], await page.evaluate(pagePieces), docs[1].id);
    const lastI = docs[1].recs.length - 1;
    await page.focus(`#text [data-rec="${lastI}"][tabindex="0"]`);
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.textContent('#ev-rule'), docs[1].recs[lastI].rule);
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('k');   // from the last record back to the one before
    assert.strictEqual(await page.textContent('#ev-rule'), docs[1].recs[lastI - 1].rule);
    await page.keyboard.press('j');
    await page.keyboard.press('j');   // stays on the last one
    await page.keyboard.press('a');
    assert.strictEqual(await page.textContent('#ev-status'), 'accepted');
    await page.selectOption('#doc-select', '0');
    await page.click(`#moves tr[data-rec="${moveI}"]`);
    await page.screenshot({ path: path.join(outDir, 'review.png') });

    // 7. Export: the download is the gold, exactly
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const goldPath = path.join(outDir, 'gold.jsonl');
    await dl.saveAs(goldPath);
    assert.strictEqual(dl.suggestedFilename(), 'review.gold.jsonl');   // one document: NAME.gold.jsonl
    const gold = fs.readFileSync(goldPath, 'utf8');
    const accepted = new Map([[`0:${dateI}`, 1], [`0:${titleI}`, 1], [`1:${lastI}`, 1]]);
    const expected = [];
    docs.forEach((d, di) => d.lines.forEach((line, ri) => {
      const key = `${di}:${ri}`;
      if (key === `0:${orgI}`) return;                      // rejected: left out
      if (accepted.has(key)) expected.push(JSON.stringify({ ...d.recs[ri], reviewed: 'accepted' }));
      else if (key === `0:${moveI}`) {
        const now = { person: other.id, action: newAction, to: 'Safe Superintelligence', name: other.name, en: other.en };
        const was = {};   // in the order the page compares: the form's fields, then name and en
        for (const k of ['person', 'action', 'to', 'name', 'en']) if (now[k] !== move[k]) was[k] = move[k];
        expected.push(JSON.stringify({ ...move, ...now, reviewed: 'corrected', corrected_from: was }));
      } else expected.push(line);                           // not reviewed: byte for byte what zhx wrote
    }));
    const want = expected.join('\n') + '\n';
    if (gold !== want) {
      const g = gold.split('\n'), w = want.split('\n');
      const at = g.findIndex((l, i) => l !== w[i]);
      assert.fail(`exported gold differs at line ${at + 1}:\n  got  ${g[at]}\n  want ${w[at]}`);
    }
    assert.deepStrictEqual(problems, [], 'no page error and no network request');
    console.log(`ok: ${docs[0].recs.length - 1} + ${docs[1].recs.length - 1} highlights at their spans; ` +
      `evidence, accept, reject, correct; the exported gold (${expected.length} lines) is exact; ` +
      `screenshot in ${path.join(outDir, 'review.png')}`);
  } catch (e) {
    failed = true;
    console.error(e && e.stack ? e.stack : e);
    if (problems.length) console.error(problems.join('\n'));
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})();
