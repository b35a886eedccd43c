/**
 * Code splitting by screen: each resource view and page is its own chunk, downloaded when first opened, so a
 * regulator's list does not wait for the declaration form, the charts or the administrator's screens.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Loading } from 'react-admin';

/** A component's own props type, so the lazy view takes what the component takes. */
type ViewOf<T> = T extends ComponentType<infer P> ? ComponentType<P> : never;

/** A lazy view that can also be asked to start downloading its chunk before it renders. */
export interface Preloadable {
  preload(): void;
}

/**
 * A named export of a module, loaded on first render (inside react-admin's layout, which has a Suspense boundary),
 * or earlier with `preload()`: the browser fetches a module once, so the render then finds it loaded or on its way.
 */
export function lazyView<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<ViewOf<M[K]>> & Preloadable {
  const view = lazy(() => load().then((module) => ({ default: module[name] as ViewOf<M[K]> })));
  return Object.assign(view, { preload: () => void load().catch(() => undefined) });
}

/** The same for pages outside the layout (sign-in, registration, the public directory): with their own boundary. */
export function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType {
  const View = lazyView(load, name) as unknown as ComponentType;
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <View />
      </Suspense>
    );
  };
}
