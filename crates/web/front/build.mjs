// Builds Sailau's stylesheet and script into OUT (../assets), which the Rust binary embeds.
// Offline and reproducible: esbuild from the lockfile, no network, the same bytes every time.
// `--verify` builds into a temporary folder and fails if OUT differs (run by scripts/test).
import * as esbuild from "esbuild";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const verify = args.includes("--verify");
const out = args.find((a) => !a.startsWith("--")) ?? "../assets";
const FILES = ["app.js", "app.css"];

async function build(dir) {
  const common = { bundle: true, minify: true, legalComments: "none", charset: "utf8", logLevel: "warning" };
  await esbuild.build({ ...common, entryPoints: ["src/app.ts"], format: "iife", target: ["es2020"], outfile: join(dir, "app.js") });
  await esbuild.build({ ...common, entryPoints: ["src/app.css"], target: ["chrome100", "firefox100", "safari15"], outfile: join(dir, "app.css") });
}

if (verify) {
  const dir = mkdtempSync(join(tmpdir(), "sailau-assets-"));
  try {
    await build(dir);
    const stale = FILES.filter((f) => !readFileSync(join(dir, f)).equals(readFileSync(join(out, f))));
    if (stale.length > 0) {
      console.error(`assets out of date: ${stale.join(", ")} differ from a fresh build; run \`npm run build\` in crates/web/front and commit`);
      process.exit(1);
    }
    console.log(`assets: ${FILES.join(", ")} are a reproducible build of src/`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  await build(out);
}
