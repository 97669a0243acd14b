// Streams one answer with Google's Gen AI SDK (`@google/genai`) through Airlock's `gemini` route:
// `generateContentStream` with a function declaration, text printed as it arrives, function calls as the SDK parsed
// them.
//
// Environment: AIRLOCK_BASE (http://host:port), GEMINI_API_KEY, PROMPT.
// Output: `text:<JSON string>` per chunk with text as it arrives; `tool:<name>:<args as JSON>` per function call;
// then `done`. An API error answer prints `api-error:<JSON of status and message>` and exits 0: the SDK parsed it.
// Any other failure: `error: <message>` on stderr, exit status 1.
import { ApiError, GoogleGenAI } from '@google/genai';
import { WRITE_FILE, describe, print, settings } from './output.mjs';

const [base, apiKey, prompt] = settings('AIRLOCK_BASE', 'GEMINI_API_KEY', 'PROMPT');

try {
  const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${base}/gemini`, timeout: 30_000 } });
  const stream = await ai.models.generateContentStream({
    model: 'gemini-2.5-flash',
    contents: prompt,
    config: {
      tools: [{
        functionDeclarations: [{
          name: WRITE_FILE.name, description: WRITE_FILE.description, parametersJsonSchema: WRITE_FILE.parameters,
        }],
      }],
    },
  });
  for await (const chunk of stream) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (typeof part.text === 'string') {
        print(`text:${JSON.stringify(part.text)}`);
      }
      if (part.functionCall) {
        print(`tool:${part.functionCall.name}:${JSON.stringify(part.functionCall.args)}`);
      }
    }
  }
  print('done');
} catch (error) {
  if (error instanceof ApiError && error.status !== undefined) {
    print(`api-error:${JSON.stringify({ status: error.status, message: error.message })}`);
  } else {
    process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
    process.exitCode = 1;
  }
}
