import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { brand } from "@/lib/brand";
import * as styles from "./styles";

export type SignInEmailProps = {
  url: string;
  code: string;
  // "15 minutes": the lifetimes the database enforces, in words.
  linkValidFor: string;
  codeValidFor: string;
  // Who asked, so a person who did not can tell: "Chrome on macOS" (lib/auth/device.ts) and
  // when, to the minute ("Tuesday, 8 December 2026 at 00:45 UTC").
  requestedBy: string;
  requestedAt: string;
};

// One email, two ways in: the button suits a desktop mail client, the code suits a phone.
// The preview line names no code: lock screens and inbox lists show it to anyone nearby.
export function SignInEmail({ url, code, linkValidFor, codeValidFor, requestedBy, requestedAt }: SignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>Your {brand.name} sign-in link and code</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.wordmark}>{brand.name}</Text>
          <Heading style={styles.heading}>Sign in to {brand.name}</Heading>
          {/* "link", not "button": the text part has no button, only the address on its own line. */}
          <Text style={styles.text}>Use this link to sign in. It is valid for {linkValidFor} and works once.</Text>
          <Section style={styles.buttonSection}>
            <Button href={url} style={styles.button}>
              Sign in to {brand.name}
            </Button>
          </Section>
          <Text style={styles.text}>Or enter this code:</Text>
          <Text style={styles.code}>{code}</Text>
          <Text style={styles.text}>The code is valid for {codeValidFor}.</Text>
          <Text style={styles.text}>
            <strong>Never share this code. We will never ask you for it.</strong>
          </Text>
          <Text style={styles.detail}>
            Asked for from: {requestedBy}
            <br />
            Time: {requestedAt}
          </Text>
          <Text style={styles.muted}>
            If you did not ask to sign in, ignore this email: nobody can sign in without it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

SignInEmail.PreviewProps = {
  url: "http://localhost:3000/verify?token=preview-token-not-valid",
  code: "042917",
  linkValidFor: "15 minutes",
  codeValidFor: "10 minutes",
  requestedBy: "Chrome on macOS",
  requestedAt: "Wednesday, 25 November 2026 at 09:41 UTC",
} satisfies SignInEmailProps;

export default SignInEmail;
