// Streams one chat with the official Mistral TypeScript SDK (`@mistralai/mistralai`) through Airlock's `mistral`
// route: `chat.stream()` with a tool, content deltas printed as they arrive, tool calls as Mistral streams them
// (whole, in one chunk).
//
// Environment: AIRLOCK_BASE (http://host:port), MISTRAL_API_KEY, PROMPT.
// Output: `text:<JSON string>` per content delta as it arrives; `tool:<name>:<arguments parsed, as JSON>` per tool
// call; then `done`. An API error answer prints `api-error:<JSON of status, message>` (the message the error body
// holds) and exits 0. Any other failure: `error: <message>` on stderr, exit status 1.
import { Mistral } from '@mistralai/mistralai';
import { WRITE_FILE_FUNCTION, describe, print, settings } from './output.mjs';

const [base, apiKey, prompt] = settings('AIRLOCK_BASE', 'MISTRAL_API_KEY', 'PROMPT');

/** The provider's error message in an error body: Mistral's own {"message"} or the OpenAI shape. */
function providerMessage(body) {
  try {
    const parsed = JSON.parse(body ?? '');
    return parsed.message ?? parsed.error?.message;
  } catch {
    return undefined;
  }
}

try {
  const client = new Mistral({ apiKey, serverURL: `${base}/mistral`, timeoutMs: 30_000 });
  const stream = await client.chat.stream({
    model: 'devstral-medium-latest',
    messages: [{ role: 'user', content: prompt }],
    tools: [WRITE_FILE_FUNCTION],
  });
  for await (const event of stream) {
    const delta = event.data.choices[0]?.delta ?? {};
    if (typeof delta.content === 'string' && delta.content !== '') {
      print(`text:${JSON.stringify(delta.content)}`);
    }
    for (const call of delta.toolCalls ?? []) {
      const args = call.function.arguments;
      print(`tool:${call.function.name}:${JSON.stringify(typeof args === 'string' ? JSON.parse(args) : args)}`);
    }
  }
  print('done');
} catch (error) {
  if (error?.statusCode !== undefined && typeof error.body === 'string') { // the SDK's SDKError and its kin
    print(`api-error:${JSON.stringify({ status: error.statusCode, message: providerMessage(error.body) })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
    process.exitCode = 1;
  }
}
