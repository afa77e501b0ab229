// Lazy loading for a trunk build: split the wasm module cargo built into the
// first route's module and on-demand chunks, then generate the JS glue and
// optimise each part. Trunk 0.21 has no splitting step of its own (trunk issue
// #1022), so this runs in the post_build hook on the *unoptimised* module that
// cargo left in its target directory, the same order cargo-leptos uses:
//
//   cargo (with -Clink-args=--emit-relocs) -> wasm-split-cli -> wasm-bindgen
//   --keep-lld-exports -> wasm-opt -Oz on every part (release builds only)
//
// The parts reference each other by relative URL (`./__wasm_split.js`,
// `./chunk_7.wasm`, `./runsheet.js`), so instead of renaming each file by its
// hash they go into one folder named by the hash of all of them: `app-<hash>/`.
// A new build is a new folder; an old page can never load a new chunk.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** wasm-opt feature flags: what rustc 1.95 enables for wasm32-unknown-unknown by default. */
const WASM_OPT_ARGS = [
  '-Oz',
  '--enable-bulk-memory',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-multivalue',
];

/** Names of a wasm module's custom sections (the relocations wasm-split needs are custom sections). */
export function customSections(bytes) {
  const names = [];
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const length = leb();
      names.push(bytes.subarray(at, at + length).toString('utf8'));
    }
    at = end;
  }
  return names;
}

/** Runs a tool; its output is shown only when it fails (wasm-opt warns about every lld name section). */
function run(command, args) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`${command} failed (${error.status ?? error.message}): ${command} ${args.join(' ')}`);
  }
}

function digest(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Split `<target>/wasm32-unknown-unknown/<profile>/<bin>.wasm` into
 * `<staging>/app-<hash>/`. Returns { dir, js, wasm } (paths relative to staging).
 */
export function splitWasm({ staging, bin, profile, targetDir, optimise }) {
  const raw = join(targetDir, 'wasm32-unknown-unknown', profile, `${bin}.wasm`);
  if (!existsSync(raw)) throw new Error(`${raw} does not exist: did cargo build for wasm32 with profile ${profile}?`);
  const bytes = readFileSync(raw);
  if (!customSections(bytes).some((name) => name.startsWith('reloc.'))) {
    throw new Error(
      `${raw} has no relocations, so it cannot be split into lazy chunks. Build through ` +
        'scripts/serve or scripts/test, or source scripts/wasm-env.sh first; it sets ' +
        'CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs".',
    );
  }

  const work = mkdtempSync(join(tmpdir(), 'runsheet-split-'));
  try {
    const split = join(work, 'split');
    const out = join(work, 'out');
    mkdirSync(split);
    mkdirSync(out);
    run('wasm-split-cli', [raw, split, '--out-name', bin]);
    run('wasm-bindgen', [
      '--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
      '--out-name', bin, '--out-dir', out, join(split, `${bin}.wasm`),
    ]);
    for (const name of readdirSync(split)) {
      if (name === `${bin}.wasm`) continue;
      renameSync(join(split, name), join(out, name));
    }
    if (optimise) {
      for (const name of readdirSync(out).filter((n) => n.endsWith('.wasm'))) {
        const file = join(out, name);
        // RUNSHEET_WASM_NAMES=1 keeps function names, for a CPU profile to read.
        const names = process.env.RUNSHEET_WASM_NAMES === '1' ? ['-g'] : [];
        run('wasm-opt', [...WASM_OPT_ARGS, ...names, file, '-o', file]);
      }
    }
    const dir = `app-${digest(out)}`;
    const dest = join(staging, dir);
    rmSync(dest, { recursive: true, force: true });
    cpSync(out, dest, { recursive: true });
    const parts = readdirSync(dest).filter((n) => statSync(join(dest, n)).isFile());
    return { dir, js: `${dir}/${bin}.js`, wasm: `${dir}/${bin}_bg.wasm`, parts };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
