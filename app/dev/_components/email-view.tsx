import { EMAIL_FRAME_SANDBOX, emailFrameDocument } from "./email-frame";

// One email as the dev pages show it: the HTML part as a mail client would render it, and the
// text part as sent.
export function EmailView({ html, text }: { html: string; text: string }) {
  return (
    <>
      <iframe
        title="Email (HTML part)"
        srcDoc={emailFrameDocument(html)}
        sandbox={EMAIL_FRAME_SANDBOX}
        className="h-[32rem] w-full rounded-md bg-white ring-1 ring-gray-200"
      />
      <h2 className="mt-6 mb-2 text-sm font-medium">Text part</h2>
      <pre className="rounded-md bg-gray-50 p-4 text-xs whitespace-pre-wrap ring-1 ring-gray-200 dark:bg-gray-950 dark:ring-gray-800">
        {text}
      </pre>
    </>
  );
}
