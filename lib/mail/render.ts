// Rendering happens at send time (lib/mail/sender.ts), from the row's template id and data.
import { createElement } from "react";
import { render } from "@react-email/render";
import { EmailLayout } from "./email-layout";
import { TEMPLATE_DATA, WRITERS, type RenderContext, type TemplateId } from "./templates";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export class TemplateError extends Error {}

export function isTemplateId(value: string): value is TemplateId {
  return Object.hasOwn(TEMPLATE_DATA, value);
}

/** Subject, HTML and plain text of one email; throws TemplateError on an unknown template or bad data. */
export async function renderEmail(template: string, data: unknown, context: RenderContext): Promise<RenderedEmail> {
  if (!isTemplateId(template)) throw new TemplateError(`Unknown email template "${template}"`);
  const parsed = TEMPLATE_DATA[template].safeParse(data);
  if (!parsed.success) throw new TemplateError(`Bad data for email template "${template}": ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const write = WRITERS[template] as (data: unknown, context: RenderContext) => ReturnType<(typeof WRITERS)[TemplateId]>;
  const content = write(parsed.data, context);
  const element = createElement(EmailLayout, { content, organisationName: context.organisationName, recipientName: context.recipientName });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: content.subject, html, text };
}
