import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";

export type NewSignInEmailProps = {
  appName: string;
  // "Chrome on Android": browser and operating system, or the phone's model for Apple devices.
  device: string;
  // The phone or tablet model when the browser tells it ("Pixel 7"), else null.
  model: string | null;
  // When the session started, already formatted ("Wednesday, 25 November 2026 at 03:47 UTC").
  time: string;
  accountUrl: string;
};

// Sent when a session starts on a kind of device the account has not used: if it was not the
// owner, their mailbox is compromised, and /account is where they end that session.
export function NewSignInEmail({ appName, device, model, time, accountUrl }: NewSignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        New sign-in to your {appName} account from {device}
      </Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading style={heading}>New sign-in to your account</Heading>
          <Text style={text}>Your {appName} account was just signed in to from a device it has not used before.</Text>
          <Text style={detail}>
            Device: {device}
            {model ? ` (${model})` : ""}
            <br />
            Time: {time}
          </Text>
          <Text style={text}>If this was you, there is nothing to do.</Text>
          <Text style={text}>
            If it was not, someone can read your email. Sign that device out on your account page, then
            secure your email account.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <Button href={accountUrl} style={button}>
              Review your devices
            </Button>
          </Section>
          <Text style={muted}>You get this email once for each new kind of device you sign in from.</Text>
        </Container>
      </Body>
    </Html>
  );
}

NewSignInEmail.PreviewProps = {
  appName: "Sesame",
  device: "Chrome on Android",
  model: "Pixel 7",
  time: "Wednesday, 25 November 2026 at 09:41 UTC",
  accountUrl: "http://localhost:3000/account",
} satisfies NewSignInEmailProps;

export default NewSignInEmail;

const body = { backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" };
const container = { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "480px", borderRadius: "8px" };
const heading = { fontSize: "22px", color: "#111827" };
const text = { fontSize: "15px", lineHeight: "24px", color: "#374151" };
const detail = { ...text, backgroundColor: "#f3f4f6", padding: "12px 16px", borderRadius: "6px" };
const muted = { fontSize: "13px", lineHeight: "20px", color: "#6b7280", marginTop: "24px" };
const button = { backgroundColor: "#4f46e5", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontWeight: 600, textDecoration: "none" };
