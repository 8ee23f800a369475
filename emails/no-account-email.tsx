import { Body, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import { brand } from "@/lib/brand";
import * as styles from "./styles";

export type NoAccountEmailProps = {
  // The address that was typed: with several addresses forwarding to one inbox, it tells which.
  email: string;
};

// Invite-only mode: sent instead of a sign-in email when the address has no account, so the
// sign-in page can answer exactly as it does for a member. It carries no link and no code:
// nothing in it signs anybody in.
export function NoAccountEmail({ email }: NoAccountEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        There is no {brand.name} account for {email}
      </Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.wordmark}>{brand.name}</Text>
          <Heading style={styles.heading}>No account for this address</Heading>
          <Text style={styles.text}>
            Someone, probably you, asked to sign in to {brand.name} as <strong>{email}</strong>. There is no{" "}
            {brand.name} account for this address, so there is nothing to sign in to.
          </Text>
          <Text style={styles.text}>
            {brand.name} accounts are by invitation. If you should have one, ask the people who run {brand.name} to
            invite this address, or sign in with the address you were invited with.
          </Text>
          <Text style={styles.muted}>
            If you did not ask to sign in, ignore this email: nothing has changed and no account was created.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

NoAccountEmail.PreviewProps = {
  email: "jane@example.com",
} satisfies NoAccountEmailProps;

export default NoAccountEmail;
