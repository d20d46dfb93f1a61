// Supervision (效能建设), registered once by the server: the complaint channel with its window pages,
// reviews and accountability, portraits and statistics with the charts page. HTML pages live at the
// root (/w/{code}, /stats), the API under /v1.
import type { FastifyPluginAsync } from 'fastify';
import { loadSupervisionPolicy } from '../../services/supervision-policy.js';
import complaintRoutes from './complaints.js';
import reviewRoutes from './reviews.js';
import portraitRoutes from './portraits.js';

const supervisionRoutes: FastifyPluginAsync = async (app) => {
  const policy = loadSupervisionPolicy();
  await app.register(complaintRoutes);
  await app.register(reviewRoutes, { prefix: '/v1', policy });
  await app.register(portraitRoutes, { policy });
};
export default supervisionRoutes;
