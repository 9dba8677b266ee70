import * as z from 'zod';

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
export const chatbotNotificationSchema = z.lazy(() =>
  z.object({
    version: z.literal('1.0'),
    source: z.literal('custom'),
    id: z.string().min(1).optional(),
    content: z.object({
      textType: z.literal('client-markdown').optional(),
      title: z.string().min(1).max(CHATBOT_LIMITS.title).optional(),
      description: z.string().min(1).max(CHATBOT_LIMITS.description),
      nextSteps: z.array(z.string().min(1).max(CHATBOT_LIMITS.nextStep)).max(CHATBOT_LIMITS.nextSteps).optional(),
      keywords: z.array(z.string().min(1).max(CHATBOT_LIMITS.keyword)).max(CHATBOT_LIMITS.keywords).optional(),
    }).strict(),
    metadata: z.object({
      threadId: z.string().min(1).max(CHATBOT_LIMITS.threadId).optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: z.array(z.string()).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
      enableCustomActions: z.boolean().optional(),
    }).strict().optional(),
  }).strict(),
);

export type ChatbotNotification = z.infer<typeof chatbotNotificationSchema>;
