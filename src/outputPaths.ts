/**
 * Output folders are checked before any work starts, so that a bad `--out` fails in a second with
 * the folder named instead of after a long run, or never.
 *
 * Why not `fs.mkdirSync(dir, { recursive: true })`: on Node 20 it loops forever when `mkdir` of a
 * component fails with ENOENT although its parent exists (any path under /proc, some FUSE and
 * network mounts), blocking the event loop so that even SIGTERM and Ctrl-C go unanswered. Here each
 * missing folder is created one level at a time, and every failure is an error naming the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

function reasonOf(err: unknown): string {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EROFS') return 'read-only file system';
    if (code === 'ENOSPC') return 'no space left on the device';
    if (code === 'ENOENT') return 'the file system does not allow creating it';
    return err instanceof Error ? err.message : String(err);
}

/**
 * Creates `dir` and its missing parents one level at a time (never recursive mkdir, see above).
 * Returns the folders it created, outermost first.
 *
 * @throws UsageError naming `flag`, the folder and the reason when a part is a file or cannot be made.
 */
export function makeFolder(dir: string, flag: string): string[] {
    const target = path.resolve(dir);
    const missing: string[] = [];
    let existing = target;
    for (;;) {
        let stat: fs.Stats | undefined;
        try {
            stat = fs.statSync(existing);
        } catch (err) {
            // ENOTDIR: a parent is a file; the walk up finds it and says so.
            if (!['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) {
                throw new UsageError(`${flag} ${dir}: cannot read ${existing} (${reasonOf(err)}).`);
            }
        }
        if (stat) {
            if (!stat.isDirectory()) {
                throw new UsageError(
                    existing === target
                        ? `${flag} ${dir} is a file; give a folder.`
                        : `${flag} ${dir}: ${existing} is a file, so the folder cannot be created there.`
                );
            }
            break;
        }
        const parent = path.dirname(existing);
        if (parent === existing) break;
        missing.unshift(existing);
        existing = parent;
    }
    const created: string[] = [];
    for (const folder of missing) {
        try {
            fs.mkdirSync(folder);
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(folder).isDirectory())
                continue;
            throw new UsageError(
                `${flag} ${dir}: cannot create the folder ${folder} (${reasonOf(err)}). Give a folder you can write to.`
            );
        }
        created.push(folder);
    }
    return created;
}

/**
 * Proves that files can be written in `dir` (creating it if needed) and leaves nothing behind: the
 * folders it had to create are removed again, so a --dry-run stays a dry run.
 *
 * @throws UsageError (exit 2) naming the flag, the folder and the reason.
 */
export function checkOutputFolder(dir: string, flag = '--out'): void {
    const created = makeFolder(dir, flag);
    const probe = path.join(path.resolve(dir), `.stageplay-write-check-${process.pid}`);
    try {
        fs.writeFileSync(probe, '');
        fs.unlinkSync(probe);
    } catch (err) {
        throw new UsageError(
            `${flag} ${dir}: cannot write files in ${path.resolve(dir)} (${reasonOf(err)}). Give a folder you can write to.`
        );
    } finally {
        for (const folder of created.reverse()) {
            try {
                fs.rmdirSync(folder);
            } catch {
                // Someone else wrote there meanwhile: theirs to keep.
            }
        }
    }
}
