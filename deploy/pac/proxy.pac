// Example PAC file for a corporate Airlock gateway at airlock.corp.example:8080: put your gateway's address in
// AIRLOCK_PROXY, and your intercept.hosts in the list if you changed them. A running Airlock serves the same file for
// its own address and hosts at http://<admin address>/proxy.pac; this copy is what it renders for the default hosts
// (PackagingTest keeps the two equal). There is deliberately no "; DIRECT" after the proxy: a browser would then go
// straight to the provider whenever Airlock is unreachable, and the prompt would leave unscanned.
// Airlock proxy auto-config (PAC) file.
// Only AI API hosts go through Airlock (airlock.corp.example:8080), which scans prompts for credentials;
// every other host is reached DIRECT. With Airlock down, AI requests fail rather than skip the scan.
// Hosts sent through Airlock (intercept.hosts; a leading *. is one or more labels, another * part of a label):
//   api.openai.com
//   chatgpt.com
//   api.anthropic.com
//   generativelanguage.googleapis.com
//   *-aiplatform.googleapis.com
//   *.openai.azure.com
//   *.cognitiveservices.azure.com
//   *.services.ai.azure.com
//   bedrock-runtime.*.amazonaws.com
//   api.mistral.ai
//   codestral.mistral.ai
//   api.groq.com
//   api.deepseek.com
//   openrouter.ai
//   api.x.ai
//   api.cohere.com
//   api.cohere.ai
//   api.together.xyz
//   api.fireworks.ai
//   api.perplexity.ai
//   api.cerebras.ai
//   api.githubcopilot.com
//   *.githubcopilot.com
//   copilot-proxy.githubusercontent.com
//   models.github.ai
//   models.inference.ai.azure.com
//   ai-gateway.vercel.sh
//   api.moonshot.ai
//   api.moonshot.cn
//   api.kimi.com
//   api.z.ai
//   open.bigmodel.cn
//   dashscope.aliyuncs.com
//   dashscope-intl.aliyuncs.com
//   api.minimax.io
//   api.minimaxi.com
//   router.huggingface.co
//   api-inference.huggingface.co
//   api.deepinfra.com
//   api.sambanova.ai
//   api.novita.ai
//   api.hyperbolic.xyz
//   api.ai21.com
//   api.voyageai.com

var AIRLOCK_PROXY = "PROXY airlock.corp.example:8080";
var AIRLOCK_HOSTS = [
    /^api\.openai\.com$/,
    /^chatgpt\.com$/,
    /^api\.anthropic\.com$/,
    /^generativelanguage\.googleapis\.com$/,
    /^[a-z0-9-]+-aiplatform\.googleapis\.com$/,
    /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.openai\.azure\.com$/,
    /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.cognitiveservices\.azure\.com$/,
    /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.services\.ai\.azure\.com$/,
    /^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/,
    /^api\.mistral\.ai$/,
    /^codestral\.mistral\.ai$/,
    /^api\.groq\.com$/,
    /^api\.deepseek\.com$/,
    /^openrouter\.ai$/,
    /^api\.x\.ai$/,
    /^api\.cohere\.com$/,
    /^api\.cohere\.ai$/,
    /^api\.together\.xyz$/,
    /^api\.fireworks\.ai$/,
    /^api\.perplexity\.ai$/,
    /^api\.cerebras\.ai$/,
    /^api\.githubcopilot\.com$/,
    /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.githubcopilot\.com$/,
    /^copilot-proxy\.githubusercontent\.com$/,
    /^models\.github\.ai$/,
    /^models\.inference\.ai\.azure\.com$/,
    /^ai-gateway\.vercel\.sh$/,
    /^api\.moonshot\.ai$/,
    /^api\.moonshot\.cn$/,
    /^api\.kimi\.com$/,
    /^api\.z\.ai$/,
    /^open\.bigmodel\.cn$/,
    /^dashscope\.aliyuncs\.com$/,
    /^dashscope-intl\.aliyuncs\.com$/,
    /^api\.minimax\.io$/,
    /^api\.minimaxi\.com$/,
    /^router\.huggingface\.co$/,
    /^api-inference\.huggingface\.co$/,
    /^api\.deepinfra\.com$/,
    /^api\.sambanova\.ai$/,
    /^api\.novita\.ai$/,
    /^api\.hyperbolic\.xyz$/,
    /^api\.ai21\.com$/,
    /^api\.voyageai\.com$/
];

function FindProxyForURL(url, host) {
    var h = String(host).toLowerCase();
    if (h.charAt(h.length - 1) === ".") {
        h = h.substring(0, h.length - 1);
    }
    if (h.length === 0 || h.length > 253) {
        return "DIRECT";
    }
    for (var i = 0; i < AIRLOCK_HOSTS.length; i++) {
        if (AIRLOCK_HOSTS[i].test(h)) {
            return AIRLOCK_PROXY;
        }
    }
    return "DIRECT";
}
