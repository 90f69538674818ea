/**
 * Requests that must reach the server one after another, per key: each starts when the key's
 * previous one has settled (answered or failed), so answers arrive in the order they were sent.
 * The exam grading buttons use it per attempt: each answer carries the attempt's total after its
 * own write, and with two requests in flight an earlier write's total could arrive last and stay
 * on screen.
 */
export function inOrderPer() {
  const tails = new Map<string, Promise<unknown>>();
  return function inOrder<T>(key: string, send: () => Promise<T>): Promise<T> {
    const sent = (tails.get(key) ?? Promise.resolve()).then(send);
    const tail = sent.catch(() => undefined);
    tails.set(key, tail);
    // forget the key once nothing more waits behind this request
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return sent;
  };
}
