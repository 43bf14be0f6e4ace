// The one DOM helper: elements from createElement, text from text nodes, never HTML strings.

/** Build an element: h('p', {class: 'margin-x', onclick: fn}, 'text', child). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const key in props) {
    const value = props[key];
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.filter((c) => c != null && c !== false));
  return el;
}

/** Build a button: button('margin-more', 'Load more', onclick, {hidden: true}). */
export const button = (cls, label, onclick, props) =>
  h('button', { type: 'button', class: cls, onclick, ...props }, label);
