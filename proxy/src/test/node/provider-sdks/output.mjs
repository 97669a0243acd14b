// What the SDK scripts share: one line at a time on stdout, and error messages that never echo a hidden value.

/** Writes one line to stdout. */
export function print(line) {
  process.stdout.write(`${line}\n`);
}

/** The message of an error and of each error it wraps ("Connection error. <- fetch failed <- ..."), scrubbed. */
export function describe(error, hidden) {
  const parts = [];
  for (let e = error, depth = 0; e && depth < 6; e = e.cause, depth++) {
    const code = e.code ? ` [${e.code}]` : '';
    parts.push(`${e.message ?? e}${code}`);
  }
  let out = parts.join(' <- ');
  for (const value of hidden) {
    if (value) {
      out = out.split(value).join('[hidden]');
    }
  }
  return out;
}
