// Building DOM from data: text always through textContent. The one HTML sink is a
// comment's `html`, which the server sanitised against its allowlist when it was written.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return node;
}

// Return a block holding HTML the server sanitised (a comment's rendered body).
export function sanitisedBody(html, className = 'body') {
  const node = document.createElement('div');
  node.className = className;
  node.innerHTML = html; // server-sanitised (service/rendering.py allowlist)
  return node;
}
