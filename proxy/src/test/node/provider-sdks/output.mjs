// What the SDK scripts share: one line at a time on stdout, error messages that never echo a hidden value, and the one
// tool every script offers the model.

/**
 * The values of these environment variables, in order. One unset ends the script at once, naming them all (the
 * message holds no value), with exit status 1.
 */
export function settings(...names) {
  const values = names.map((name) => process.env[name]);
  if (values.some((value) => !value)) {
    throw new Error(`${names.join(', ')} must all be set`);
  }
  return values;
}

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

/** The tool every script offers the model, as each API spells a tool: a name, a description, a JSON schema. */
export const WRITE_FILE = {
  name: 'write_file',
  description: 'Writes a file in the workspace',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, content: { type: 'string' } },
    required: ['path', 'content'],
  },
};

/** WRITE_FILE as a chat-completions style function tool (OpenAI chat, Mistral, Cohere v2, Ollama). */
export const WRITE_FILE_FUNCTION = { type: 'function', function: WRITE_FILE };
