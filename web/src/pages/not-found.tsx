export function NotFound() {
  return (
    <section>
      <h1>This page is not here</h1>
      <p>
        <a href="/">Go to Today</a>
      </p>
    </section>
  );
}
