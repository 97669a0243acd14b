#!/bin/sh
# Conversation benchmark: a 40-turn agent conversation, per-turn redaction time for the new turn alone, the whole
# body with the memories of earlier turns (checkpoints, leaf verdicts), the whole body without them, and the whole
# body seen for the first time, side by side in one run (see ConversationBench).
# Arguments: turns=40 rounds=12 (the first third warm the JIT) shape=chat|claude.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
exec "$(dirname "$0")/run-main.sh" dev.airlock.proxy.payload.ConversationBench "$@"
