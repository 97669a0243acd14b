// Streams one chat completion with the official OpenAI Node SDK through Airlock's forward proxy.
//
// The SDK ignores HTTPS_PROXY, so the proxy comes in as an undici ProxyAgent dispatcher, paired with undici's own
// fetch as the SDK's README asks. Trust in Airlock's CA comes only from NODE_EXTRA_CA_CERTS: nothing here adds a CA.
//
// Environment: AIRLOCK_PROXY (http://host:port), OPENAI_API_KEY, PROMPT, optional MODEL.
// Output: one line `delta:<JSON string>` per non-empty content delta as it arrives, then `done`.
// On failure: `error: <message>` (with its causes) on stderr and exit status 1. Never prints the key or the prompt.
import OpenAI from 'openai';
import { fetch, ProxyAgent } from 'undici';

const proxy = process.env.AIRLOCK_PROXY;
const apiKey = process.env.OPENAI_API_KEY;
const prompt = process.env.PROMPT;

/** Hides the key and the prompt should an error message ever echo them. */
function scrub(text) {
  let out = String(text);
  for (const hidden of [apiKey, prompt]) {
    if (hidden) {
      out = out.split(hidden).join('[hidden]');
    }
  }
  return out;
}

/** The message of an error and of each error it wraps, e.g. "Connection error. <- fetch failed <- ...". */
function describe(error) {
  const parts = [];
  for (let e = error, depth = 0; e && depth < 6; e = e.cause, depth++) {
    const code = e.code ? ` [${e.code}]` : '';
    parts.push(`${e.message ?? e}${code}`);
  }
  return scrub(parts.join(' <- '));
}

const agent = proxy ? new ProxyAgent(proxy) : null;
try {
  if (!proxy || !apiKey || !prompt) {
    throw new Error('AIRLOCK_PROXY, OPENAI_API_KEY and PROMPT must all be set');
  }
  const client = new OpenAI({
    apiKey,
    fetch,
    fetchOptions: { dispatcher: agent },
    maxRetries: 0,
    timeout: 30_000,
  });
  const stream = await client.chat.completions.create({
    model: process.env.MODEL ?? 'gpt-4o',
    messages: [{ role: 'user', content: prompt }],
    stream: true,
  });
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (typeof content === 'string' && content.length > 0) {
      process.stdout.write(`delta:${JSON.stringify(content)}\n`);
    }
  }
  process.stdout.write('done\n');
} catch (error) {
  process.stderr.write(`error: ${describe(error)}\n`);
  process.exitCode = 1;
} finally {
  await agent?.close();
}
