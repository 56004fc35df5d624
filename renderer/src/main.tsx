/** Renderer entry: starts the State design system, connects to the station, renders the app. */
import '@codegouvfr/react-dsfr/dsfr/dsfr.min.css';
import '@codegouvfr/react-dsfr/dsfr/utility/icons/icons.min.css';
import './app.css';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectStation } from './bridge/connect';
import { StationProvider } from './bridge/context';

startReactDsfr({ defaultColorScheme: 'light' });

const container = document.getElementById('root');
if (!container) throw new Error('missing #root');
const station = connectStation();
createRoot(container).render(
  <StrictMode>
    <StationProvider station={station}>
      <App />
    </StationProvider>
  </StrictMode>,
);
