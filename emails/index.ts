import { createElement, type ReactElement } from "react";
import { NewSignInEmail } from "./new-sign-in-email";
import { NoAccountEmail } from "./no-account-email";
import { SignInEmail } from "./sign-in-email";

type Template<Props> = ((props: Props) => ReactElement) & { PreviewProps: Props };

function withPreviewProps<Props extends object>(template: Template<Props>): () => ReactElement {
  return function Preview() {
    return createElement(template, template.PreviewProps);
  };
}

// Every template, by file name, rendered with its PreviewProps: the /dev/emails previews read
// this list, and lib/email-templates.test.ts fails when a .tsx file here is missing from it.
export const emailPreviews: Record<string, () => ReactElement> = {
  "sign-in-email": withPreviewProps(SignInEmail),
  "new-sign-in-email": withPreviewProps(NewSignInEmail),
  "no-account-email": withPreviewProps(NoAccountEmail),
};
