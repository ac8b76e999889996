// Sign-in (the only public write), who am I, and HR's user administration.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerGuard } from '@nestjs/throttler';
import { DataSource, In, IsNull } from 'typeorm';
import { Staff, User } from '@app/persistence';
import { audit } from '@app/domain/audit';
import { actorOf } from '../common/actor';
import { AuthedRequest, HrRead, HrWrite, Public, SignedIn } from './access';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { TokenClaims } from './tokens';
import { createUser, userView } from './users';
import { CreateUserDto, LoginDto } from './users.dto';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in: {accessToken} for Authorization: Bearer (short-lived)' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this user or from this address' })
  async login(@Body() body: LoginDto) {
    const user = await this.ds
      .getRepository(User)
      .findOneBy({ username: body.username, disabledAt: IsNull() });
    // The same work and the same answer whether the user exists or not.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new UnauthorizedException('wrong username or password');
    const claims: TokenClaims = { sub: user.id, role: user.role, username: user.username };
    const accessToken = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresAt: new Date(exp * 1000).toISOString(),
      role: user.role,
    };
  }

  @Get('auth/me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user' })
  async me(@Req() req: AuthedRequest) {
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: req.user!.id });
    return userView(user, await staffCode(this.ds, user.staffId));
  }

  @Post('users')
  @HrWrite()
  @ApiOperation({ summary: 'Create a user {username, password, role, staffId?, departments?}' })
  createUser(@Body() body: CreateUserDto, @Req() req: AuthedRequest) {
    return this.ds.transaction((em) => createUser(em, body, actorOf(req)));
  }

  @Get('users')
  @HrRead()
  async listUsers() {
    const users = await this.ds.getRepository(User).find({ order: { username: 'ASC' } });
    const ids = users.map((u) => u.staffId).filter((x): x is number => x !== null);
    const codes = new Map(
      (ids.length ? await this.ds.getRepository(Staff).findBy({ id: In(ids) }) : []).map((s) => [
        s.id,
        s.code,
      ]),
    );
    return users.map((u) => userView(u, u.staffId === null ? null : (codes.get(u.staffId) ?? null)));
  }

  @Delete('users/:username')
  @HttpCode(204)
  @HrWrite()
  @ApiOperation({ summary: 'Disable a user: their tokens stop working at once' })
  async disable(@Param('username') username: string, @Req() req: AuthedRequest): Promise<void> {
    await this.ds.transaction(async (em) => {
      const user = await em.getRepository(User).findOneBy({ username, disabledAt: IsNull() });
      if (!user) throw new NotFoundException(`no active user "${username}"`);
      await em.getRepository(User).update({ id: user.id }, { disabledAt: new Date().toISOString() });
      await audit(em, { actor: actorOf(req), action: 'user.disable', entity: 'user', entityKey: username });
    });
  }
}

async function staffCode(ds: DataSource, staffId: number | null): Promise<string | null> {
  if (staffId === null) return null;
  return (await ds.getRepository(Staff).findOneBy({ id: staffId }))?.code ?? null;
}
