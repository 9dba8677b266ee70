/**
 * Invocation-log records published from a real account, verbatim as published (whitespace and all):
 * aleck31/bedrock-invocation-analytics, docs/bedrock-invocation-log-format.md at commit
 * a38b71a101d25a2f235bb74a1dbfddd48346523b
 * (https://github.com/aleck31/bedrock-invocation-analytics/blob/a38b71a101d25a2f235bb74a1dbfddd48346523b/docs/bedrock-invocation-log-format.md).
 * Its author says they were "Captured from actual logs (April 2026). Content fields truncated for
 * readability": the prompt and answer text is replaced by "[...truncated...]" strings and, in the
 * first two, the account ID and user name by placeholders; the envelopes, token counts, model IDs,
 * Regions and request IDs are the records'. No AWS documentation page carries a whole record (the
 * user guide lists the fields only), and no other public record with token counts, at a commit, was
 * found. The reader must read these as Bedrock wrote them. That repository is under the MIT License,
 * Copyright (c) 2026 iX. (The two Converse records share their body's layout, as Bedrock wrote them:
 * the repetition is the data's.)
 */

/** Converse, a global cross-Region profile rerouted from us-west-2 to us-east-2, no cache. */
export const RECORDED_CONVERSE = String.raw`{
  "timestamp": "2026-04-19T13:28:51Z",
  "accountId": "123456789012",
  "region": "us-west-2",
  "requestId": "7487ab04-734e-470b-8dfc-46d8d8506381",
  "operation": "Converse",
  "modelId": "global.anthropic.claude-opus-4-5-20251101-v1:0",
  "input": {
    "inputContentType": "application/json",
    "inputBodyJson": {
      "messages": "[...truncated...]"
    },
    "inputTokenCount": 255,
    "cacheReadInputTokenCount": 0,
    "cacheWriteInputTokenCount": 0
  },
  "output": {
    "outputContentType": "application/json",
    "outputBodyJson": {
      "output": "[...truncated...]",
      "stopReason": "end_turn",
      "metrics": {
        "latencyMs": 3114
      },
      "usage": {
        "inputTokens": 255,
        "cacheReadInputTokens": 0,
        "cacheWriteInputTokens": 0,
        "outputTokens": 113,
        "totalTokens": 368
      }
    },
    "outputTokenCount": 113
  },
  "identity": {
    "arn": "arn:aws:iam::123456789012:user/your-iam-username"
  },
  "inferenceRegion": "us-east-2",
  "schemaType": "ModelInvocationLog",
  "schemaVersion": "1.0"
}`;

/** ConverseStream: the logged body is one object (no chunk list), with cache writes and no cacheDetails (TTL unknown). */
export const RECORDED_CONVERSE_STREAM = String.raw`{
  "timestamp": "2026-04-19T23:57:01Z",
  "accountId": "123456789012",
  "region": "us-west-2",
  "requestId": "5346af27-8f56-4fb8-a6de-058be7a50818",
  "operation": "ConverseStream",
  "modelId": "global.anthropic.claude-opus-4-6-v1",
  "input": {
    "inputContentType": "application/json",
    "inputBodyJson": {
      "messages": "[...truncated...]"
    },
    "inputTokenCount": 3,
    "cacheReadInputTokenCount": 0,
    "cacheWriteInputTokenCount": 24479
  },
  "output": {
    "outputContentType": "application/json",
    "outputBodyJson": {
      "output": "[...truncated...]",
      "stopReason": "end_turn",
      "metrics": {
        "latencyMs": 7460
      },
      "usage": {
        "inputTokens": 3,
        "cacheReadInputTokens": 0,
        "cacheWriteInputTokens": 24479,
        "outputTokens": 52,
        "totalTokens": 24534
      }
    },
    "outputTokenCount": 52
  },
  "identity": {
    "arn": "arn:aws:iam::123456789012:user/your-br-api-key"
  },
  "inferenceRegion": "us-east-2",
  "schemaType": "ModelInvocationLog",
  "schemaVersion": "1.0"
}`;

/**
 * InvokeModelWithResponseStream under a system inference-profile ARN, the input body delivered apart
 * (inputBodyS3Path, under /data/), 225,913 cache-write tokens, the streamed body a list.
 */
export const RECORDED_INVOKE_STREAM = String.raw`{
  "timestamp": "2026-04-20T00:17:33Z",
  "accountId": "565521294060",
  "region": "us-west-2",
  "requestId": "f3ae32b1-ae22-48f1-ba9c-d8075737f52a",
  "operation": "InvokeModelWithResponseStream",
  "modelId": "arn:aws:bedrock:us-west-2:565521294060:inference-profile/global.anthropic.claude-opus-4-7",
  "input": {
    "inputContentType": "application/json",
    "inputBodyS3Path": "s3://bedrock-logs-565521294060-us-west-2/bedrock/invocation-logs/AWSLogs/565521294060/BedrockModelInvocationLogs/us-west-2/2026/04/20/00/data/f3ae32b1-ae22-48f1-ba9c-d8075737f52a_input.json.gz",
    "inputTokenCount": 6,
    "cacheReadInputTokenCount": 0,
    "cacheWriteInputTokenCount": 225913
  },
  "output": {
    "outputContentType": "application/json",
    "outputBodyJson": [
      "[...truncated stream events...]"
    ],
    "outputTokenCount": 167
  },
  "identity": {
    "arn": "arn:aws:iam::565521294060:user/your-br-api-key"
  },
  "inferenceRegion": "us-east-1",
  "schemaType": "ModelInvocationLog",
  "schemaVersion": "1.0"
}`;
