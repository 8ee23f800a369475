import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { brand } from "@/lib/brand";
import * as styles from "./styles";

export type NewSignInEmailProps = {
  // "Chrome on Android": browser and operating system, or the phone's model for Apple devices.
  device: string;
  // The phone or tablet model when the browser tells it ("Pixel 7"), else null.
  model: string | null;
  // When the session started, already formatted ("Wednesday, 25 November 2026 at 03:47 UTC").
  time: string;
  // How it was proven: "the link in a sign-in email" or "the code from a sign-in email".
  method: string;
  // The network it came from, no closer than an IPv4 /24 or an IPv6 /48 ("203.0.113.0/24").
  network: string;
  accountUrl: string;
};

// Sent when a session starts on a device the account has not used: if it was not the owner,
// their mailbox is compromised, and /account is where they end that session.
export function NewSignInEmail({ device, model, time, method, network, accountUrl }: NewSignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        New sign-in to your {brand.name} account from {device}
      </Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.wordmark}>{brand.name}</Text>
          <Heading style={styles.heading}>New sign-in to your account</Heading>
          <Text style={styles.text}>
            Your {brand.name} account was just signed in to from a device it has not used before.
          </Text>
          <Text style={styles.detail}>
            Device: {device}
            {model ? ` (${model})` : ""}
            <br />
            Time: {time}
            <br />
            Signed in with: {method}
            <br />
            Network: {network}
          </Text>
          <Text style={styles.text}>If this was you, there is nothing to do.</Text>
          <Text style={styles.text}>
            If it was not, someone can read your email. Sign that device out on your account page, then secure your
            email account.
          </Text>
          <Section style={styles.buttonSection}>
            <Button href={accountUrl} style={styles.button}>
              Review your devices
            </Button>
          </Section>
          <Text style={styles.muted}>You get this email once for each new device or browser you sign in from.</Text>
        </Container>
      </Body>
    </Html>
  );
}

NewSignInEmail.PreviewProps = {
  device: "Chrome on Android",
  model: "Pixel 7",
  time: "Wednesday, 25 November 2026 at 09:41 UTC",
  method: "the code from a sign-in email",
  network: "203.0.113.0/24",
  accountUrl: "http://localhost:3000/account",
} satisfies NewSignInEmailProps;

export default NewSignInEmail;
