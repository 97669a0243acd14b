// Streams one chat with the official Cohere TypeScript SDK (`cohere-ai`, API v2) through Airlock's `cohere` route:
// `chatStream()` with a tool, text deltas printed as they arrive, the tool call put together from its
// `tool-call-start` and `tool-call-delta` events as an app on the SDK does (the SDK hands over events, not calls).
//
// Environment: AIRLOCK_BASE (http://host:port), CO_API_KEY, PROMPT.
// Output: `text:<JSON string>` per content delta as it arrives; `tool:<name>:<arguments parsed, as JSON>` per tool
// call at its `tool-call-end`; then `done`. An API error answer prints `api-error:<JSON of status, message, id>` (as
// Cohere's error body holds them, {"id","message"}, which apps on the SDK read) and exits 0. Any other failure:
// `error: <message>` on stderr, exit status 1.
import { CohereClientV2, CohereError } from 'cohere-ai';
import { WRITE_FILE_FUNCTION, describe, print, settings } from './output.mjs';

const [base, token, prompt] = settings('AIRLOCK_BASE', 'CO_API_KEY', 'PROMPT');

try {
  const client = new CohereClientV2({ token, environment: `${base}/cohere` });
  const stream = await client.chatStream({
    model: 'command-a-03-2025',
    messages: [{ role: 'user', content: prompt }],
    tools: [WRITE_FILE_FUNCTION],
  }, { maxRetries: 2, timeoutInSeconds: 30 });
  const calls = new Map();
  for await (const event of stream) {
    if (event.type === 'content-delta') {
      print(`text:${JSON.stringify(event.delta.message.content.text)}`);
    } else if (event.type === 'tool-call-start') {
      const call = event.delta.message.toolCalls;
      calls.set(event.index, { name: call.function.name, args: call.function.arguments ?? '' });
    } else if (event.type === 'tool-call-delta') {
      calls.get(event.index).args += event.delta.message.toolCalls.function.arguments;
    } else if (event.type === 'tool-call-end') {
      const call = calls.get(event.index);
      print(`tool:${call.name}:${JSON.stringify(JSON.parse(call.args))}`);
    }
  }
  print('done');
} catch (error) {
  if (error instanceof CohereError && error.statusCode !== undefined) {
    const body = error.body ?? {};
    print(`api-error:${JSON.stringify({ status: error.statusCode, message: body.message, id: body.id })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [token, prompt])}\n`);
    process.exitCode = 1;
  }
}
