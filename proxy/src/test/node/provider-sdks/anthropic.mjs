// Streams one message with the official Anthropic TypeScript SDK through Airlock's `anthropic` route, the way an
// agent built on the SDK does: `messages.stream()` with a tool, text deltas printed as they arrive, the tool call
// taken from `finalMessage()` (which the SDK assembles by parsing every `input_json_delta` as partial JSON).
//
// Environment: AIRLOCK_BASE (http://host:port), ANTHROPIC_API_KEY, PROMPT.
// Output: `text:<JSON string>` per text delta as it arrives; then `tool:<name>:<input as JSON>` per tool_use block,
// `stop:<stop_reason>` and `done`. An API error answer prints `api-error:<JSON of status, type, message>` and exits 0:
// the SDK parsed it, which is what the test checks. Any other failure: `error: <message>` on stderr, exit status 1.
import Anthropic from '@anthropic-ai/sdk';
import { WRITE_FILE, describe, print, settings } from './output.mjs';

const [base, apiKey, prompt] = settings('AIRLOCK_BASE', 'ANTHROPIC_API_KEY', 'PROMPT');

try {
  const client = new Anthropic({ apiKey, baseURL: `${base}/anthropic`, maxRetries: 2, timeout: 30_000 });
  const stream = client.messages.stream({
    model: 'claude-sonnet-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: prompt }],
    tools: [{ name: WRITE_FILE.name, description: WRITE_FILE.description, input_schema: WRITE_FILE.parameters }],
  });
  stream.on('text', (delta) => print(`text:${JSON.stringify(delta)}`));
  const message = await stream.finalMessage();
  for (const block of message.content) {
    if (block.type === 'tool_use') {
      print(`tool:${block.name}:${JSON.stringify(block.input)}`);
    }
  }
  print(`stop:${message.stop_reason}`);
  print('done');
} catch (error) {
  if (error instanceof Anthropic.APIError && error.status !== undefined) { // not a connection error
    const body = error.error?.error ?? {};
    print(`api-error:${JSON.stringify({ status: error.status, type: body.type, message: body.message })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
    process.exitCode = 1;
  }
}
