// Mozilla Readability as shipped (@mozilla/readability, default options) over a folder of evaluation pages, so that
// `pipeline eval extract --snippets <pages> --texts <out>` can score the reference extractor with the same scorer as ours.
//
//   node src/Pipeline.Evaluation/Readability/extract.mjs <pages> <out>
//
// <pages>/<page>/source.html in, <out>/<page>.txt out: the article's textContent, or an empty file when Readability
// finds no article. The DOM is linkedom's (jsdom's current release needs a newer Node than this project pins).
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

const [pagesDirectory, outDirectory] = process.argv.slice(2);
if (!pagesDirectory || !outDirectory) {
  console.error("usage: node extract.mjs <pages> <out>");
  process.exit(2);
}

// A browser's order: a byte-order mark, then a charset declared in the first 1,024 bytes, then UTF-8.
function decode(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

mkdirSync(outDirectory, { recursive: true });
let pages = 0;
let empty = 0;
for (const page of readdirSync(pagesDirectory).sort()) {
  const source = join(pagesDirectory, page, "source.html");
  if (!existsSync(source)) continue;
  let text = "";
  try {
    const { document } = parseHTML(decode(readFileSync(source)));
    text = new Readability(document).parse()?.textContent ?? "";
  } catch (error) {
    console.error(`${page}: ${error.message}`);
  }

  empty += text.trim().length === 0 ? 1 : 0;
  writeFileSync(join(outDirectory, `${page}.txt`), text);
  pages++;
}

console.log(`readability: pages=${pages} empty=${empty} out=${outDirectory}`);
