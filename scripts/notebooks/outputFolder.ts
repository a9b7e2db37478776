/**
 * An output folder that never loses anyone's work. Each command of the kit (replicate, the
 * student edition) writes into a folder of its own and keeps there a manifest of what it wrote,
 * `.kit-manifest.json`:
 *
 *   {
 *     "kit": "ai-urban-shrinkage-replication",      the kit that wrote the folder (package.json's name)
 *     "command": "replicate",                        the one command that owns the folder
 *     "format": 1,
 *     "note": "...",                                 a sentence for whoever opens the file
 *     "files": [                                     every file the command wrote, sorted by path
 *       { "path": "notebooks/04_endogeneity.ipynb",  relative to the folder, with "/"
 *         "sha256": "…",                             of the bytes the command wrote
 *         "source": "04_endogeneity.ipynb" }         what it was made from (a notebook, "report", …)
 *     ]
 *   }
 *
 * The rules, enforced here and nowhere else:
 * - A command overwrites or deletes a file only when its manifest lists the file and the file still
 *   has the recorded hash. A file the user edited is kept and reported (`kept`); its entry keeps the
 *   hash the command wrote, so it stays the user's until its bytes are those again (or it is moved
 *   away). A file the command no longer makes is deleted if unchanged, else kept and dropped from the
 *   manifest. Any file the manifest does not list is never touched.
 * - A folder that is not empty and has no manifest was not created by the command: it is refused
 *   (`ForeignFolderError`), before anything is written. So is a folder whose manifest belongs to
 *   another command or another kit (`OtherOwnerError`), or a damaged manifest (`ManifestError`).
 * - The command's default folder may be shared with other tools (e.g. `npm run docs` writes
 *   output/docs/): without a manifest it is accepted as long as none of the files the command is
 *   about to write exists there; otherwise it holds an earlier kit run's files (`LegacyFolderError`).
 *
 * Writes go through the manifest: it is saved (atomically) before each file is written and after
 * each deletion, so an interrupted run leaves a manifest that names every file it wrote; at worst an
 * entry's hash does not match its file, which then counts as the user's and is kept — the safe direction.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { KitError } from "../../lib/errors";
import packageJson from "../../package.json";

/** The manifest's file name inside an output folder. */
export const MANIFEST_NAME = ".kit-manifest.json";

/** The kit's name as the manifest records it (package.json's `name`). */
export const KIT_NAME: string = packageJson.name;

const FORMAT = 1;

/** One file a command wrote. */
export interface ManifestFile {
  /** Relative to the output folder, "/"-separated. */
  path: string;
  /** sha256 of the bytes written, hex. */
  sha256: string;
  /** What the file was made from: a notebook's file name, "report", … — lets a command replace one notebook's outputs only. */
  source: string;
}

/** The contents of `.kit-manifest.json`. */
export interface Manifest {
  kit: string;
  command: string;
  format: number;
  note: string;
  files: ManifestFile[];
}

/** A file the command left alone, and why. */
export interface KeptFile {
  path: string;
  reason: "edited" | "not-ours" | "in-the-way";
  /** One line for the user. */
  message: string;
}

/** Base class of the errors of an output folder; each message is one line that says what to do. */
export class OutputFolderError extends KitError {
  constructor(
    message: string,
    /** The folder at fault (absolute). */
    readonly folder: string,
  ) {
    super(message);
  }
}

/** A non-empty folder without a manifest: the kit did not create it and will not write into it. */
export class ForeignFolderError extends OutputFolderError {}

/** The default folder holds an earlier kit run's files but no manifest, so the kit cannot tell its files from the user's. */
export class LegacyFolderError extends OutputFolderError {}

/** The folder's manifest belongs to another command or another kit. */
export class OtherOwnerError extends OutputFolderError {}

/** The manifest cannot be read, or lists a path outside the folder. */
export class ManifestError extends OutputFolderError {}

/** The output path exists but is not a folder, or a command asked to write outside its folder. */
export class UnsafePathError extends OutputFolderError {}

/** How to open a folder. */
export interface OpenOptions {
  /** The command that owns the folder, e.g. "replicate" (recorded in, and checked against, the manifest). */
  command: string;
  /**
   * Set only for a command's default folder that other tools share (replicate's output/): a folder that
   * has no manifest and is not empty is then accepted when none of these relative paths exists in it.
   */
  defaultFolderWrites?: string[];
}

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** sha256 of some bytes (text is hashed as UTF-8), hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A file's bytes. */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path) as ArrayLike<number>);
}

function isSafeRelative(path: string): boolean {
  if (path === "" || isAbsolute(path) || path.includes("\\") || path === MANIFEST_NAME) return false;
  return path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_NAME);
  const damaged = (why: string) =>
    new ManifestError(`${displayPath(file)} ${why}, so the kit cannot tell its files from yours: restore the file, or move the folder aside and run again.`, dir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch {
    throw damaged("is not valid JSON");
  }
  if (typeof manifest !== "object" || manifest === null || typeof manifest.kit !== "string" || typeof manifest.command !== "string" || !Array.isArray(manifest.files)) {
    throw damaged("lacks its kit, command or files");
  }
  for (const f of manifest.files) {
    if (typeof f !== "object" || f === null || typeof f.path !== "string" || !/^[0-9a-f]{64}$/.test(String(f.sha256)) || typeof f.source !== "string") throw damaged("has an entry without path, sha256 or source");
    if (!isSafeRelative(f.path)) throw damaged(`lists "${f.path}", a path outside the folder`);
  }
  return manifest;
}

/** An output folder opened by one command; every write and delete goes through it. */
export class OutputFolder {
  /** Files left alone in this session, with the reason. */
  readonly kept: KeptFile[] = [];
  /** Relative paths deleted in this session (stale outputs the command had written). */
  readonly removed: string[] = [];
  /** Relative paths written (or found already identical) in this session. */
  readonly written = new Set<string>();
  private readonly files = new Map<string, ManifestFile>();
  /** Paths this session asked to write, whatever came of it: not stale. */
  private readonly wanted = new Set<string>();

  private constructor(
    /** The folder, absolute. */
    readonly dir: string,
    /** The command that owns it. */
    readonly command: string,
    existing: ManifestFile[],
  ) {
    for (const f of existing) this.files.set(f.path, f);
  }

  /**
   * Opens (creating if needed) the folder for a command, or throws an OutputFolderError before
   * anything is written: see the rules at the top of this file.
   */
  static open(dir: string, options: OpenOptions): OutputFolder {
    const folder = resolve(dir);
    const shown = displayPath(folder);
    if (existsSync(folder) && !statSync(folder).isDirectory()) {
      throw new UnsafePathError(`${shown} exists and is not a folder: give --out a new or empty folder.`, folder);
    }
    if (existsSync(join(folder, MANIFEST_NAME))) {
      const manifest = readManifest(folder);
      if (manifest.kit !== KIT_NAME || manifest.command !== options.command) {
        const owner = manifest.kit === KIT_NAME ? `\`npm run ${manifest.command}\`` : `another kit (${manifest.kit})`;
        throw new OtherOwnerError(`Refusing to write into ${shown}: it holds the output of ${owner}, and each command needs a folder of its own — give --out a new or empty folder.`, folder);
      }
      return new OutputFolder(folder, options.command, manifest.files);
    }
    const entries = existsSync(folder) ? readdirSync(folder) : [];
    if (entries.length > 0) {
      const inTheWay = options.defaultFolderWrites?.find((p) => existsSync(join(folder, p)));
      if (!options.defaultFolderWrites) {
        throw new ForeignFolderError(`Refusing to write into ${shown}: it is not empty and has no ${MANIFEST_NAME}, so the kit did not create it and will not risk the files in it — give --out a new or empty folder.`, folder);
      }
      if (inTheWay !== undefined) {
        throw new LegacyFolderError(`Refusing to write into ${shown}: it holds ${inTheWay} from an earlier run of the kit that kept no ${MANIFEST_NAME}, so the kit cannot tell its files from yours — move the folder aside (mv ${shown} ${shown}.old), copy back anything of yours, and run again.`, folder);
      }
    }
    mkdirSync(folder, { recursive: true });
    const opened = new OutputFolder(folder, options.command, []);
    opened.save();
    return opened;
  }

  /** The manifest's entries (a copy), sorted by path. */
  listed(): ManifestFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ ...f }));
  }

  /**
   * Writes `bytes` at the relative path `path`, made from `source`. Returns what happened:
   * "written"; "unchanged" (the file already holds exactly these bytes); or "kept" — the file
   * exists and is the user's (not in the manifest, or edited since), so it is left as it is and
   * reported in `kept`.
   */
  write(path: string, bytes: Uint8Array | string, source: string): "written" | "unchanged" | "kept" {
    const target = this.resolveInside(path);
    this.wanted.add(path);
    const hash = sha256(bytes);
    const blocked = this.blockingAncestor(path);
    if (blocked !== undefined) return this.keep(path, "in-the-way", `${blocked} is not a folder (or is a link), so nothing is written beneath it`);
    const entry = this.files.get(path);
    if (existsSync(target) || isLink(target)) {
      if (!lstatSync(target).isFile()) return this.keep(path, "in-the-way", "it is not a regular file, so the new version was not written");
      const onDisk = sha256(readBytes(target));
      if (onDisk === hash) {
        this.written.add(path);
        if (entry) this.record({ path, sha256: hash, source });
        return "unchanged";
      }
      if (!entry) return this.keep(path, "not-ours", `${this.command} did not write it, so the new version was not written — move your file away to get it on the next run`);
      if (entry.sha256 !== onDisk) {
        return this.keep(path, "edited", `it changed since ${this.command} wrote it, so the new version was not written — move your copy away to get it on the next run`);
      }
    }
    mkdirSync(resolve(target, ".."), { recursive: true });
    this.record({ path, sha256: hash, source });
    writeFileSync(target, bytes);
    this.written.add(path);
    return "written";
  }

  /** Writes a copy of the file at `from` (anywhere) at the relative path `path`; see write(). */
  copyIn(from: string, path: string, source: string): "written" | "unchanged" | "kept" {
    return this.write(path, readBytes(from), source);
  }

  /**
   * Deletes the files the manifest lists that match `which` and were not asked for in this session
   * (outputs the command no longer makes) — each only if it still has the recorded hash; an
   * edited one is kept, reported and dropped from the manifest.
   */
  removeStale(which: (file: ManifestFile) => boolean): void {
    for (const entry of this.listed()) {
      if (this.wanted.has(entry.path) || !which(entry)) continue;
      const target = this.resolveInside(entry.path);
      this.files.delete(entry.path);
      if (this.blockingAncestor(entry.path) !== undefined || (!existsSync(target) && !isLink(target))) {
        this.save();
        continue;
      }
      if (lstatSync(target).isFile() && sha256(readBytes(target)) === entry.sha256) {
        unlinkSync(target);
        this.removed.push(entry.path);
        this.save();
      } else {
        this.save();
        this.keep(entry.path, "edited", `${this.command} no longer makes it, but it changed since ${this.command} wrote it — it is yours now`);
      }
    }
  }

  /** Writes the manifest (atomically: a temporary file renamed over it). */
  save(): void {
    const manifest: Manifest = {
      kit: KIT_NAME,
      command: this.command,
      format: FORMAT,
      note: `Written by \`npm run ${this.command}\`: the files it wrote here. It replaces or deletes only these, and only while they are unchanged; every other file is left alone.`,
      files: this.listed(),
    };
    const temporary = join(this.dir, `${MANIFEST_NAME}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(manifest, null, 1) + "\n");
    renameSync(temporary, join(this.dir, MANIFEST_NAME));
  }

  private record(file: ManifestFile): void {
    this.files.set(file.path, file);
    this.save();
  }

  private keep(path: string, reason: KeptFile["reason"], why: string): "kept" {
    this.kept.push({ path, reason, message: `kept ${displayPath(join(this.dir, path))}: ${why}.` });
    return "kept";
  }

  private resolveInside(path: string): string {
    if (!isSafeRelative(path)) throw new UnsafePathError(`${this.command} tried to write "${path}", which is not a plain path inside ${displayPath(this.dir)} (a bug in the kit: please report it).`, this.dir);
    return join(this.dir, ...path.split("/"));
  }

  /** The first existing ancestor folder of `path` (inside the output folder) that is not a real folder. */
  private blockingAncestor(path: string): string | undefined {
    const parts = path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const ancestor = join(this.dir, ...parts.slice(0, i));
      if (!existsSync(ancestor) && !isLink(ancestor)) return undefined;
      if (!lstatSync(ancestor).isDirectory()) return displayPath(ancestor);
    }
    return undefined;
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The relative path of a file under `dir`, "/"-separated (for artifacts written with the OS separator). */
export function posixRelative(path: string): string {
  return path.split(sep).join("/");
}
