import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { brand } from "@/lib/brand";
import * as styles from "./styles";

export type SignInEmailProps = {
  url: string;
  code: string;
  // "15 minutes": the lifetimes the database enforces, in words.
  linkValidFor: string;
  codeValidFor: string;
};

// One email, two ways in: the button suits a desktop mail client, the code suits a phone.
export function SignInEmail({ url, code, linkValidFor, codeValidFor }: SignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>
        Your {brand.name} sign-in code is {code}
      </Preview>
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
} satisfies SignInEmailProps;

export default SignInEmail;
