// Streams one chat with the official Ollama JavaScript library through Airlock's `ollama` route, as local-model
// agents do: `chat({ stream: true })` with a tool, each NDJSON line's text printed as it arrives, tool calls as the
// library hands them over (Ollama sends a call whole, its arguments an object).
//
// Environment: AIRLOCK_BASE (http://host:port), PROMPT.
// Output: `text:<JSON string>` per non-empty content piece as it arrives; `tool:<name>:<arguments as JSON>` per tool
// call; then `done`. An error answer prints `api-error:<JSON of status, message>` and exits 0. Any other failure:
// `error: <message>` on stderr, exit status 1.
import { Ollama } from 'ollama';
import { WRITE_FILE_FUNCTION, describe, print, settings } from './output.mjs';

const [base, prompt] = settings('AIRLOCK_BASE', 'PROMPT');

try {
  const client = new Ollama({ host: `${base}/ollama` });
  const stream = await client.chat({
    model: 'qwen3-coder',
    stream: true,
    messages: [{ role: 'user', content: prompt }],
    tools: [WRITE_FILE_FUNCTION],
  });
  for await (const part of stream) {
    if (part.message?.content) {
      print(`text:${JSON.stringify(part.message.content)}`);
    }
    for (const call of part.message?.tool_calls ?? []) {
      print(`tool:${call.function.name}:${JSON.stringify(call.function.arguments)}`);
    }
  }
  print('done');
} catch (error) {
  // The library's ResponseError (not exported from its Node entry) carries the answer's status and its "error".
  if (error?.name === 'ResponseError' && error.status_code !== undefined) {
    print(`api-error:${JSON.stringify({ status: error.status_code, message: error.error })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [prompt])}\n`);
    process.exitCode = 1;
  }
}
