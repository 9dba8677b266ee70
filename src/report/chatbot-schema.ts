import * as z from 'zod/mini';
import '../catalog/zod-locale.js';

/**
 * The Slack / Microsoft Teams message: an Amazon Q Developer in chat applications (formerly AWS Chatbot)
 * custom notification, https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html.
 * Chatbot silently drops a payload that does not match its schema, so the payload is checked against
 * `chatbotNotificationSchema` (below) before it is sent. Its own module (./chatbot.ts re-exports it):
 * the runaway alert (./runaway-message.ts) checks its message with it without loading the digest's renderers.
 */

/**
 * Length limits. The custom-notification page does not state a limit for every field, so the ones
 * here are Slack's own for what Chatbot renders them into (UNVERIFIED for Chatbot itself): a section
 * text block holds 3,000 characters, a header 150. Next steps and keywords are kept short and few.
 */
export const CHATBOT_LIMITS = {
  title: 150,
  description: 3000,
  nextSteps: 5,
  nextStep: 300,
  keywords: 10,
  keyword: 50,
  threadId: 100,
} as const;

/** The documented event schema (required: version, source, content.description; textType client-markdown). */
export const chatbotNotificationSchema = z.lazy(() => {
  const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
  return z.strictObject({
    version: z.literal('1.0'),
    source: z.literal('custom'),
    id: z.optional(z.string().check(z.minLength(1))),
    content: z.strictObject({
      textType: z.optional(z.literal('client-markdown')),
      title: z.optional(text(CHATBOT_LIMITS.title)),
      description: text(CHATBOT_LIMITS.description),
      nextSteps: z.optional(z.array(text(CHATBOT_LIMITS.nextStep)).check(z.maxLength(CHATBOT_LIMITS.nextSteps))),
      keywords: z.optional(z.array(text(CHATBOT_LIMITS.keyword)).check(z.maxLength(CHATBOT_LIMITS.keywords))),
    }),
    metadata: z.optional(
      z.strictObject({
        threadId: z.optional(text(CHATBOT_LIMITS.threadId)),
        summary: z.optional(z.string()),
        eventType: z.optional(z.string()),
        relatedResources: z.optional(z.array(z.string())),
        additionalContext: z.optional(z.record(z.string(), z.string())),
        enableCustomActions: z.optional(z.boolean()),
      }),
    ),
  });
});

export type ChatbotNotification = z.infer<typeof chatbotNotificationSchema>;
