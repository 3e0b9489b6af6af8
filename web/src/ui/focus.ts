import { useEffect, useRef } from "react";

/** A ref that takes the keyboard focus when the element appears (instead of autoFocus, which screen readers dislike on page load). */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
