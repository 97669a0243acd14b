// Streams one Responses API answer with the official OpenAI Node SDK through Airlock's `openai` route, as Codex-style
// agents use it: `responses.stream()` with a function tool, text deltas printed as they arrive, function calls taken
// from the final response the SDK returns.
//
// Environment: AIRLOCK_BASE (http://host:port), OPENAI_API_KEY, PROMPT.
// Output: `text:<JSON string>` per output_text delta as it arrives; `tool:<name>:<arguments parsed, as JSON>` per
// function_call item of the final response; then `done`. An API error answer prints
// `api-error:<JSON of status, type, message>` and exits 0: the SDK parsed it, which is what the test checks. Any
// other failure: `error: <message>` on stderr, exit status 1.
import OpenAI from 'openai';
import { WRITE_FILE, describe, print, settings } from './output.mjs';

const [base, apiKey, prompt] = settings('AIRLOCK_BASE', 'OPENAI_API_KEY', 'PROMPT');

try {
  const client = new OpenAI({ apiKey, baseURL: `${base}/openai/v1`, maxRetries: 2, timeout: 30_000 });
  const stream = client.responses.stream({
    model: 'gpt-5',
    input: prompt,
    tools: [{ type: 'function', ...WRITE_FILE, strict: false }],
  });
  stream.on('response.output_text.delta', (event) => print(`text:${JSON.stringify(event.delta)}`));
  const response = await stream.finalResponse();
  for (const item of response.output) {
    if (item.type === 'function_call') {
      print(`tool:${item.name}:${JSON.stringify(JSON.parse(item.arguments))}`);
    }
  }
  print('done');
} catch (error) {
  if (error instanceof OpenAI.APIError && error.status !== undefined) { // not a connection error
    const body = error.error ?? {};
    print(`api-error:${JSON.stringify({ status: error.status, type: body.type, message: body.message })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
    process.exitCode = 1;
  }
}
