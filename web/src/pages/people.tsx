import { SupportList } from '../components/support-list';

export function People() {
  return (
    <section>
      <h1>People to talk to</h1>
      <p>
        You do not need a reason or a warning to reach out. Nothing you say to them is shared with Respite or
        your manager.
      </p>
      <SupportList />
    </section>
  );
}
