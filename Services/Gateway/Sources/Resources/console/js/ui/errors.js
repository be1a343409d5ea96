// What a person reads when something is refused: the Chinese message only. The stable reason code (for support and
// developers) is kept out of the text: it goes into the element's tooltip and the browser's developer console.

/** The message to show for an ApiError, a formula error or any other error. */
export function errorText(error) {
  return error?.title || error?.message || "操作失败";
}

/** Puts the error's code (and trace id) into `element`'s tooltip and the developer console; returns the element. */
export function withCode(element, error) {
  const code = error?.code;
  if (!code) return element;
  const detail = error.traceId ? `${code} · trace ${error.traceId}` : code;
  if (element) element.title = `错误代码：${detail}`;
  console.info(`[metrology] ${errorText(error)} — ${detail}`);
  return element;
}
