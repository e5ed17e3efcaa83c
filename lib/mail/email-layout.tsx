// The one React Email layout every template is drawn with: heading, paragraphs, facts,
// a button, and the "Wasn't you?" line. Inline styles only (email clients ignore <style>).
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { securityFooter, type EmailContent } from "./templates";

const text = { fontSize: "15px", lineHeight: "22px", color: "#1f2937", margin: "0 0 14px" };

export function EmailLayout({
  content,
  organisationName,
  recipientName,
}: {
  content: EmailContent;
  organisationName: string;
  recipientName: string | null;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{content.preview}</Preview>
      <Body
        style={{ backgroundColor: "#f3f4f6", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", margin: 0, padding: "24px 0" }}
      >
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", maxWidth: "560px", padding: "28px 32px" }}>
          <Text style={{ ...text, fontSize: "13px", color: "#4b5563", margin: "0 0 8px" }}>Twofold · {organisationName}</Text>
          <Heading as="h1" style={{ fontSize: "21px", lineHeight: "28px", color: content.urgent ? "#991b1b" : "#111827", margin: "0 0 18px" }}>
            {content.heading}
          </Heading>
          {recipientName ? <Text style={text}>Hello {recipientName},</Text> : null}
          {content.paragraphs.map((paragraph) => (
            <Text key={paragraph} style={text}>
              {paragraph}
            </Text>
          ))}
          {content.facts?.length ? (
            <Section style={{ margin: "0 0 14px" }}>
              {content.facts.map(([label, value]) => (
                <Text key={label} style={{ ...text, margin: "0 0 4px" }}>
                  <strong>{label}:</strong> {value}
                </Text>
              ))}
            </Section>
          ) : null}
          {content.action ? (
            <Section style={{ margin: "8px 0 18px" }}>
              <Button
                href={content.action.url}
                style={{ backgroundColor: "#1d4ed8", borderRadius: "6px", color: "#ffffff", fontSize: "15px", fontWeight: 600, padding: "11px 18px" }}
              >
                {content.action.label}
              </Button>
              <Text style={{ ...text, fontSize: "13px", color: "#4b5563", margin: "10px 0 0" }}>Or open this address: {content.action.url}</Text>
            </Section>
          ) : null}
          {content.wasntYou ? (
            <>
              <Hr style={{ borderColor: "#e5e7eb", margin: "18px 0" }} />
              <Text style={{ ...text, fontSize: "14px" }}>{content.wasntYou}</Text>
            </>
          ) : null}
          <Hr style={{ borderColor: "#e5e7eb", margin: "18px 0" }} />
          <Text style={{ ...text, fontSize: "12px", color: "#6b7280", margin: 0 }}>{content.footer ?? securityFooter(organisationName)}</Text>
        </Container>
      </Body>
    </Html>
  );
}
