// Streams one chat completion with the official OpenAI Node SDK through Airlock's `openai` route, as chat-API agents
// (aider, Continue, most frameworks) use it: `chat.completions.stream()` with a function tool, content deltas printed
// as they arrive, tool calls taken from the completion the SDK assembles from the deltas.
//
// Environment: AIRLOCK_BASE (http://host:port), OPENAI_API_KEY, PROMPT.
// Output: `text:<JSON string>` per content delta as it arrives; `tool:<name>:<arguments parsed, as JSON>` per tool
// call of the final completion; then `done`. Any failure: `error: <message>` on stderr, exit status 1.
import OpenAI from 'openai';
import { WRITE_FILE_FUNCTION, describe, print, settings } from './output.mjs';

const [base, apiKey, prompt] = settings('AIRLOCK_BASE', 'OPENAI_API_KEY', 'PROMPT');

try {
  const client = new OpenAI({ apiKey, baseURL: `${base}/openai/v1`, maxRetries: 2, timeout: 30_000 });
  const stream = client.chat.completions.stream({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: prompt }],
    tools: [WRITE_FILE_FUNCTION],
  });
  stream.on('content.delta', ({ delta }) => print(`text:${JSON.stringify(delta)}`));
  const completion = await stream.finalChatCompletion();
  for (const call of completion.choices[0].message.tool_calls ?? []) {
    print(`tool:${call.function.name}:${JSON.stringify(JSON.parse(call.function.arguments))}`);
  }
  print('done');
} catch (error) {
  process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
  process.exitCode = 1;
}
