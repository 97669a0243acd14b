// Streams one answer with the Vercel AI SDK (`ai` with its OpenAI, Anthropic and Google providers) through Airlock's
// base-URL routes, as the many agents and apps built on it do: `streamText()` with a tool that has no `execute`, text
// deltas printed as they arrive, the tool call as the SDK parses it from the provider's stream.
//
// Environment: AIRLOCK_BASE (http://host:port), PROVIDER (openai: the Responses API, the SDK's default for OpenAI;
// openai-chat: chat completions; anthropic; google; gateway: Vercel's AI Gateway, which streams the SDK's own parts),
// API_KEY, PROMPT.
// Output: `text:<JSON string>` per text delta as it arrives; `tool:<name>:<input as JSON>` per tool call; then `done`.
// An API error answer prints `api-error:<JSON of status, message>` (the provider's error message, as the SDK parsed
// it from the body) and exits 0. Any other failure: `error: <message>` on stderr, exit status 1.
import { streamText, tool, createGateway } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { z } from 'zod';
import { WRITE_FILE, describe, print, settings } from './output.mjs';

const [base, provider, apiKey, prompt] = settings('AIRLOCK_BASE', 'PROVIDER', 'API_KEY', 'PROMPT');

/** The model of `provider`, its base URL pointed at Airlock's route in place of the provider's own. */
function model() {
  switch (provider) {
    case 'openai':
      return createOpenAI({ apiKey, baseURL: `${base}/openai/v1` })('gpt-4.1');
    case 'openai-chat':
      return createOpenAI({ apiKey, baseURL: `${base}/openai/v1` }).chat('gpt-4.1');
    case 'anthropic':
      return createAnthropic({ apiKey, baseURL: `${base}/anthropic/v1` })('claude-sonnet-5');
    case 'google':
      return createGoogleGenerativeAI({ apiKey, baseURL: `${base}/gemini/v1beta` })('gemini-2.5-flash');
    case 'gateway':
      return createGateway({ apiKey, baseURL: `${base}/vercel/v3/ai` })('openai/gpt-4.1');
    default:
      throw new Error(`PROVIDER=${provider}: expected openai, openai-chat, anthropic, google or gateway`);
  }
}

/** The provider's own error message in an error answer's body ({"error":{"message":…}} in all these shapes). */
function providerMessage(body) {
  try {
    return JSON.parse(body ?? '').error?.message;
  } catch {
    return undefined;
  }
}

try {
  const result = streamText({
    model: model(),
    prompt,
    maxRetries: 2,
    tools: {
      [WRITE_FILE.name]: tool({
        description: WRITE_FILE.description,
        inputSchema: z.object({ path: z.string(), content: z.string() }),
      }),
    },
  });
  let failed = false;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      print(`text:${JSON.stringify(part.text)}`);
    } else if (part.type === 'tool-call') {
      print(`tool:${part.toolName}:${JSON.stringify(part.input)}`);
    } else if (part.type === 'error') {
      const error = part.error;
      // An APICallError, or the gateway's own error, which holds the message it parsed from the body.
      if (typeof error?.statusCode === 'number') {
        print(`api-error:${JSON.stringify({ status: error.statusCode,
          message: providerMessage(error.responseBody) ?? error.message })}`);
        failed = true;
      } else {
        throw error;
      }
    }
  }
  if (!failed) {
    print('done');
  }
} catch (error) {
  process.stderr.write(`error: ${describe(error, [apiKey, prompt])}\n`);
  process.exitCode = 1;
}
