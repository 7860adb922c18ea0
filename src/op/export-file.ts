/**
 * Writing a file the user named (`save FILE`, `| save FILE`,
 * `generate-certificate-request ... filename F`). What is saved can hold
 * secrets (`$9$` strings decode by design), so the file is mode 0600 whatever
 * the umask, and it is opened without following a symbolic link at its name:
 * in a shared directory a planted link would otherwise make us overwrite (or
 * publish into) the file it points to. An existing regular file is replaced
 * in place, as Junos `save` does, but only when it is ours and has no other
 * hard link (the same trap through a link instead of a symlink).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  writeSync,
} from 'node:fs';

export type ExportResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Writes DATA to PATH (mode 0600, no symlink followed); the reason is short words for `could not write 'F': REASON`. */
export function writeExportFile(path: string, data: string | Uint8Array): ExportResult {
  let fd: number;
  try {
    // No O_TRUNC: the checks below must pass before anything is lost.
    fd = openSync(path, FLAGS, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    // Linux answers ELOOP, FreeBSD EMLINK for a symlink under O_NOFOLLOW.
    if ((code === 'ELOOP' || code === 'EMLINK') && isSymlink(path))
      return { ok: false, reason: 'it is a symbolic link (not followed)' };
    return { ok: false, reason: code };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.nlink > 1) return { ok: false, reason: 'it has other hard links' };
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return { ok: false, reason: 'it belongs to another user' };
    fchmodSync(fd, 0o600);
    ftruncateSync(fd, 0);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}
