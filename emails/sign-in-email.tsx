import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Html,
  Preview,
  Section,
  Text,
} from "@react-email/components";

export type SignInEmailProps = {
  appName: string;
  url: string;
  code: string;
  linkMinutes: number;
  codeMinutes: number;
};

// One email, two ways in: the button suits a desktop mail client, the code suits a phone.
export function SignInEmail({ appName, url, code, linkMinutes, codeMinutes }: SignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        Your {appName} sign-in code is {code}
      </Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading style={heading}>Sign in to {appName}</Heading>
          {/* "link", not "button": the text part has no button, only the address on its own line. */}
          <Text style={text}>Use this link to sign in. It is valid for {linkMinutes} minutes and works once.</Text>
          <Section style={{ margin: "24px 0" }}>
            <Button href={url} style={button}>
              Sign in to {appName}
            </Button>
          </Section>
          <Text style={text}>Or enter this code:</Text>
          <Text style={codeStyle}>{code}</Text>
          <Text style={text}>The code is valid for {codeMinutes} minutes.</Text>
          <Text style={muted}>
            If you did not ask to sign in, ignore this email: nobody can sign in without it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

SignInEmail.PreviewProps = {
  appName: "Sesame",
  url: "http://localhost:3000/verify?token=preview-token-not-valid",
  code: "042917",
  linkMinutes: 15,
  codeMinutes: 10,
} satisfies SignInEmailProps;

export default SignInEmail;

const body = { backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" };
const container = { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "480px", borderRadius: "8px" };
const heading = { fontSize: "22px", color: "#111827" };
const text = { fontSize: "15px", lineHeight: "24px", color: "#374151" };
const muted = { fontSize: "13px", lineHeight: "20px", color: "#6b7280", marginTop: "24px" };
const button = { backgroundColor: "#4f46e5", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontWeight: 600, textDecoration: "none" };
const codeStyle = { fontSize: "32px", letterSpacing: "6px", fontWeight: 700, fontFamily: "ui-monospace, Menlo, monospace", color: "#111827" };
