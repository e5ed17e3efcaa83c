import { InvitationInvalid } from "./invitation-invalid";

/** A link that opens no invitation (unknown, used, revoked, expired): a 404 that says what to do. */
export default function InvitationNotFound() {
  return <InvitationInvalid />;
}
