import { render, screen } from '@testing-library/react';

describe('App', () => {
  beforeAll(() => {
    // What the dev server injects from app-config; the app reads it as window.__APP_CONFIG__ too.
    Object.assign(window, {
      __APP_CONFIG__: {
        app: { title: 'Meshport', baseUrl: 'http://localhost:3000' },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
  });

  // The first import transpiles the catalog and Kubernetes plugins, which takes a while.
  it('starts on the sign-in page offering guest sign-in', async () => {
    // Imported after the config is in place: createApp runs at module load.
    const { default: App } = await import('./App');
    render(<App />);
    // The page header carries app.title from config; the content header is the sign-in page's own.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Meshport' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Sign in to Meshport' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  }, 120_000);
});
