import { Body, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";

export type NoAccountEmailProps = {
  appName: string;
  // The address that was typed: with several addresses forwarding to one inbox, it tells which.
  email: string;
};

// Invite-only mode: sent instead of a sign-in email when the address has no account, so the
// sign-in page can answer exactly as it does for a member. It carries no link and no code:
// nothing in it signs anybody in.
export function NoAccountEmail({ appName, email }: NoAccountEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        There is no {appName} account for {email}
      </Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading style={heading}>No account for this address</Heading>
          <Text style={text}>
            Someone, probably you, asked to sign in to {appName} as <strong>{email}</strong>. There is no{" "}
            {appName} account for this address, so there is nothing to sign in to.
          </Text>
          <Text style={text}>
            {appName} accounts are by invitation. If you should have one, ask the people who run {appName} to
            invite this address, or sign in with the address you were invited with.
          </Text>
          <Text style={muted}>
            If you did not ask to sign in, ignore this email: nothing has changed and no account was created.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

NoAccountEmail.PreviewProps = {
  appName: "Sesame",
  email: "jane@example.com",
} satisfies NoAccountEmailProps;

export default NoAccountEmail;

const body = { backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" };
const container = { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "480px", borderRadius: "8px" };
const heading = { fontSize: "22px", color: "#111827" };
const text = { fontSize: "15px", lineHeight: "24px", color: "#374151" };
const muted = { fontSize: "13px", lineHeight: "20px", color: "#6b7280", marginTop: "24px" };
